import { afterEach, describe, expect, it, vi } from "vitest";
import { RequestQueue } from "../src/client/queue.js";

afterEach(() => {
  vi.useRealTimers();
});

/** Starts `acquire` for each name; `order` lists the names as their slots are granted. */
function line(queue: RequestQueue, names: string[], signals: Record<string, AbortSignal> = {}) {
  const order: string[] = [];
  const settled = names.map((name) =>
    queue.acquire(signals[name]).then(
      () => void order.push(name),
      (reason: unknown) => void order.push(`${name}: ${String(reason)}`),
    ),
  );
  return { order, settled };
}

const microtasks = () =>
  new Promise<void>((resolve) => queueMicrotask(resolve)).then(() => Promise.resolve());

describe("RequestQueue", () => {
  it("hands a freed slot to the oldest waiting call; a call that comes later does not take it", async () => {
    const queue = new RequestQueue(1);
    expect(queue.tryAcquire()).toBe(true);
    const first = line(queue, ["a"]);
    queue.release();
    // The slot is a's, though it has not been handed over yet: a newcomer waits its turn.
    expect(queue.tryAcquire()).toBe(false);
    await microtasks();
    expect(first.order).toEqual(["a"]);
    const { order } = line(queue, ["b", "c", "d"]);
    for (let i = 0; i < 3; i += 1) {
      queue.release();
      await microtasks();
    }
    expect(order).toEqual(["b", "c", "d"]);
  });

  it("holds every waiting call through a pause, then lets them go oldest first", async () => {
    vi.useFakeTimers();
    const queue = new RequestQueue(2);
    expect(queue.tryAcquire()).toBe(true);
    expect(queue.tryAcquire()).toBe(true);
    const { order } = line(queue, ["a", "b", "c"]);
    queue.pause(1_000);
    queue.release();
    queue.release();
    await vi.advanceTimersByTimeAsync(999);
    expect(order).toEqual([]);
    expect(queue.tryAcquire()).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(order).toEqual(["a", "b"]);
    queue.release();
    await microtasks();
    expect(order).toEqual(["a", "b", "c"]);
  });

  it("holds a waiting call for a pause started right after the release (a 429 on the request that freed it)", async () => {
    vi.useFakeTimers();
    const queue = new RequestQueue(1);
    expect(queue.tryAcquire()).toBe(true);
    const { order } = line(queue, ["a"]);
    queue.release();
    queue.pause(1_000);
    await vi.advanceTimersByTimeAsync(999);
    expect(order).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(order).toEqual(["a"]);
  });

  it("waits again when a pause is extended while it waits", async () => {
    vi.useFakeTimers();
    const queue = new RequestQueue(1);
    queue.pause(100);
    const { order } = line(queue, ["a"]);
    await vi.advanceTimersByTimeAsync(50);
    queue.pause(200); // a second 429 while a waits: now until 250
    await vi.advanceTimersByTimeAsync(100);
    expect(order).toEqual([]);
    await vi.advanceTimersByTimeAsync(100);
    expect(order).toEqual(["a"]);
  });

  it("takes an aborted call out of the line without giving it a slot", async () => {
    const queue = new RequestQueue(1);
    expect(queue.tryAcquire()).toBe(true);
    const controller = new AbortController();
    const { order } = line(queue, ["a", "b"], { a: controller.signal });
    controller.abort(new Error("gave up"));
    await microtasks();
    expect(order).toEqual(["a: Error: gave up"]);
    queue.release();
    await microtasks();
    expect(order).toEqual(["a: Error: gave up", "b"]);
    await expect(queue.acquire(controller.signal)).rejects.toThrow("gave up");
  });
});
