import type { LimiterClock } from "../../src/ratelimit/clock.js";

interface Timer {
  at: number;
  seq: number;
  callback: () => void;
  cancelled: boolean;
}

/** Lets pending promise jobs run: a few microtask turns, enough for a grant to reach its `then`. */
export async function flush(): Promise<void> {
  for (let i = 0; i < 8; i += 1) await null;
}

/**
 * A clock for driving a limiter in virtual time: `now()` moves only when {@link VirtualClock.run} fires the
 * next timer. Timers fire in time order (then in the order they were set), each followed by a few microtask
 * turns so promise callbacks (grants) run before time moves on. Like `setTimeout`, a delay under 1 ms is 1 ms.
 */
export class VirtualClock implements LimiterClock {
  #now = 0;
  #seq = 0;
  /** A binary min-heap on (at, seq). */
  #heap: Timer[] = [];

  now(): number {
    return this.#now;
  }

  setTimer(callback: () => void, ms: number): Timer {
    return this.#push(this.#now + Math.max(1, ms), callback);
  }

  clearTimer(handle: unknown): void {
    (handle as Timer).cancelled = true;
  }

  /** Schedules `callback` at the absolute time `at` (not before now). */
  at(at: number, callback: () => void): void {
    this.#push(Math.max(at, this.#now), callback);
  }

  /** Fires timers in order until none is left (or `until` is passed); fails past `maxSteps`. */
  async run(until = Number.POSITIVE_INFINITY, maxSteps = 1_000_000): Promise<void> {
    await flush();
    for (let steps = 0; ; steps += 1) {
      if (steps > maxSteps) throw new Error("virtual clock: too many steps (a timer loop?)");
      const next = this.#heap[0];
      if (next === undefined || next.at > until) return;
      this.#pop();
      if (next.cancelled) continue;
      this.#now = next.at;
      next.callback();
      await flush();
    }
  }

  #push(at: number, callback: () => void): Timer {
    const timer = { at, seq: this.#seq++, callback, cancelled: false };
    const heap = this.#heap;
    heap.push(timer);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(heap[i] as Timer, heap[parent] as Timer)) break;
      [heap[i], heap[parent]] = [heap[parent] as Timer, heap[i] as Timer];
      i = parent;
    }
    return timer;
  }

  #pop(): void {
    const heap = this.#heap;
    const last = heap.pop();
    if (last === undefined || heap.length === 0) return;
    heap[0] = last;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heap.length && before(heap[l] as Timer, heap[m] as Timer)) m = l;
      if (r < heap.length && before(heap[r] as Timer, heap[m] as Timer)) m = r;
      if (m === i) return;
      [heap[i], heap[m]] = [heap[m] as Timer, heap[i] as Timer];
      i = m;
    }
  }
}

function before(a: Timer, b: Timer): boolean {
  return a.at < b.at || (a.at === b.at && a.seq < b.seq);
}
