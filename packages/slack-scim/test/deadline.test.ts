import { afterEach, describe, expect, it } from "vitest";
import {
  FixedValueRetryIntervalCalculator,
  SCIMClient,
  SCIMRateLimitedError,
  SCIMTimeoutError,
  ServerErrorRetryHandler,
} from "../src/index.js";
import { silentLogger, token, v1Client } from "./helpers/clients.js";
import { json, sampleUser, startServer, type TestServer } from "./helpers/server.js";

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const never = () => {
  // a silent server: never answers
};

async function rejection(call: Promise<unknown>): Promise<SCIMTimeoutError> {
  const error = await call.then(
    () => new Error("resolved"),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SCIMTimeoutError);
  return error as SCIMTimeoutError;
}

describe("a call's deadline", () => {
  it("rejects with SCIMTimeoutError phase 'deadline', long before a per-attempt timeout", async () => {
    server = await startServer(never);
    const error = await rejection(v1Client(server.v1).readUser("W1", { deadline: 150 }));
    expect(error.phase).toBe("deadline");
    expect(error.timeout).toBe(150);
    expect(error.message).toBe("SCIM call exceeded its deadline of 150 ms, GET /scim/v1/Users/W1");
    expect(error.request).toEqual({ method: "GET", url: `${server.v1}Users/W1` });
    expect(error.mayHaveReachedServer).toBe(true);
  });

  it("leaves the per-attempt timeout its own phase", async () => {
    server = await startServer(never);
    const error = await rejection(v1Client(server.v1).readUser("W1", { timeout: 100, deadline: 60_000 }));
    expect(error.phase).toBe("attempt");
    expect(error.timeout).toBe(100);
  });

  it("comes from the client option, and a per-call deadline overrides it", async () => {
    server = await startServer(never);
    const client = v1Client(server.v1, { deadline: 100 });
    expect((await rejection(client.searchUsers())).timeout).toBe(100);
    expect((await rejection(client.deleteUser("W1", { deadline: 150 }))).timeout).toBe(150);
  });

  it("bounds every attempt and retry together", async () => {
    server = await startServer(async (_req, res) => {
      await pause(150);
      json(res, 503, { Errors: { description: "unavailable", code: 503 } });
    });
    const client = v1Client(server.v1, {
      retryHandlers: [
        new ServerErrorRetryHandler({
          maxRetryCount: 10,
          intervalCalculator: new FixedValueRetryIntervalCalculator(0),
        }),
      ],
    });
    const error = await rejection(client.readUser("W1", { deadline: 400 }));
    expect(error.phase).toBe("deadline");
    // Retried while time was left (the first request of a client also loads its transport: 2 or 3 attempts).
    expect(server.requests.length).toBeGreaterThanOrEqual(2);
  });

  it("does not wait for a retry that would end past it: the call rejects with the error that asked for it", async () => {
    server = await startServer((_req, res) =>
      json(res, 429, { Errors: { description: "rate_limited", code: 429 } }, { "retry-after": "30" }),
    );
    const logger = silentLogger();
    const client = new SCIMClient(token, { baseUrl: server.v1, logger, deadline: 5_000 });
    const error = await client.readUser("W1").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SCIMRateLimitedError);
    expect(server.requests).toHaveLength(1);
    expect(
      logger.lines.some((l) =>
        /^info not retrying GET \/scim\/v1\/Users\/W1: the wait of \d+ ms would end past the call's deadline/.test(
          l,
        ),
      ),
    ).toBe(true);
  });

  it("covers a wait for a queue slot, and gives up no one else's slot", async () => {
    const answers: (() => void)[] = [];
    server = await startServer((_req, res) => {
      answers.push(() => json(res, 200, sampleUser()));
    });
    const client = v1Client(server.v1, { maxRequestConcurrency: 1 });
    const first = client.readUser("A");
    while (answers.length === 0) await pause(5); // A holds the only slot
    const queued = client.readUser("B", { deadline: 100 });
    expect((await rejection(queued)).phase).toBe("deadline");
    const third = client.readUser("C");
    await pause(30);
    expect(server.requests.map((r) => r.url)).toEqual(["/scim/v1/Users/A"]);
    answers.shift()?.();
    await first;
    while (answers.length === 0) await pause(5);
    answers.shift()?.();
    await third;
    expect(server.requests.map((r) => r.url)).toEqual(["/scim/v1/Users/A", "/scim/v1/Users/C"]);
  });

  it("covers a queue wait with the rate limiter on, after the call got its tokens", async () => {
    const answers: (() => void)[] = [];
    server = await startServer((_req, res) => {
      answers.push(() => json(res, 200, sampleUser()));
    });
    const client = v1Client(server.v1, {
      maxRequestConcurrency: 1,
      rateLimit: { "GET /Users/{id}": { perMinute: 6000, burst: 10 } },
    });
    const first = client.readUser("A");
    while (answers.length === 0) await pause(5);
    expect((await rejection(client.readUser("B", { deadline: 50 }))).phase).toBe("deadline");
    answers.shift()?.();
    await first;
    const third = client.readUser("C");
    while (answers.length === 0) await pause(5);
    answers.shift()?.();
    await third;
    expect(server.requests.map((r) => r.url)).toEqual(["/scim/v1/Users/A", "/scim/v1/Users/C"]);
  });

  it("covers a rate-limiter wait, and the call that waited sends nothing", async () => {
    server = await startServer((_req, res) => json(res, 200, sampleUser()));
    // Ten reads a second, no burst: the second call's token is due 100 ms after the first.
    const client = v1Client(server.v1, { rateLimit: { "GET /Users/{id}": { perMinute: 600, burst: 1 } } });
    await client.readUser("A");
    expect((await rejection(client.readUser("B", { deadline: 30 }))).phase).toBe("deadline");
    expect((await client.readUser("C")).statusCode).toBe(200);
    expect(server.requests.map((r) => r.url)).toEqual(["/scim/v1/Users/A", "/scim/v1/Users/C"]);
  });

  it("covers createUser's recovery lookups, with the slot freed after", async () => {
    server = await startServer((req, res) => {
      if (req.method === "POST") json(res, 503, { Errors: { description: "unavailable", code: 503 } });
      else if (req.url?.startsWith("/scim/v1/Users?"))
        return; // the lookup hangs
      else json(res, 200, sampleUser());
    });
    const client = v1Client(server.v1, { maxRequestConcurrency: 1 });
    await client.readUser("W1"); // the transport is loaded: the deadline is all the server's
    const error = await rejection(
      client.createUser({ userName: "ada", emails: [{ value: "ada@x.example" }] }, { deadline: 300 }),
    );
    expect(error.phase).toBe("deadline");
    expect(error.request).toEqual({ method: "POST", url: `${server.v1}Users` });
    expect(server.requests.map((r) => r.method)).toEqual(["GET", "POST", "GET"]);
    expect((await client.readUser("W1")).statusCode).toBe(200);
  });

  it("bounds each page of a walk, not the whole walk", async () => {
    server = await startServer(async (req, res) => {
      await pause(120);
      const start = Number(new URL(req.url ?? "", "http://x").searchParams.get("startIndex"));
      json(res, 200, {
        totalResults: 3,
        itemsPerPage: 1,
        startIndex: start,
        Resources: [sampleUser(`W${start}`)],
      });
    });
    const ids: string[] = [];
    for await (const user of v1Client(server.v1, { deadline: 1_000 }).iterateUsers({ pageSize: 1 })) {
      ids.push(user.id ?? "");
    }
    expect(ids).toEqual(["W1", "W2", "W3"]);
  });

  it("does not apply on top of waitForUser's own timeout", async () => {
    server = await startServer(async (_req, res) => {
      await pause(150);
      json(res, 200, sampleUser("W1", { active: false }));
    });
    const client = v1Client(server.v1, { deadline: 50 });
    const user = await client.waitForUser("W1", (u) => u.active === false, { timeout: 5_000 });
    expect(user.active).toBe(false);
  });

  it("a caller's abort still rejects with the caller's reason", async () => {
    server = await startServer(never);
    const controller = new AbortController();
    const call = v1Client(server.v1).readUser("W1", { deadline: 10_000, signal: controller.signal });
    await pause(20);
    controller.abort("changed my mind");
    await expect(call).rejects.toBe("changed my mind");
  });

  it("an already aborted signal rejects at once, deadline or not", async () => {
    server = await startServer(never);
    const call = v1Client(server.v1).readUser("W1", { deadline: 10_000, signal: AbortSignal.abort("gone") });
    await expect(call).rejects.toBe("gone");
    expect(server.requests).toHaveLength(0);
  });

  it("leaves no timer behind once the call is settled", async () => {
    server = await startServer((_req, res) => json(res, 200, sampleUser()));
    const client = v1Client(server.v1, { deadline: 600_000 });
    await client.readUser("W1");
    const timers = () => process.getActiveResourcesInfo().filter((r) => r === "Timeout").length;
    const before = timers();
    await client.readUser("W1");
    await client.createUser({ userName: "ada" }).catch(() => {});
    expect(timers()).toBe(before);
  });

  it.each([
    ["a string", "10", TypeError],
    ["zero", 0, RangeError],
    ["a negative number", -5, RangeError],
    ["more than a timer holds", 2 ** 31, RangeError],
  ])("%s is refused naming the option, on the client and per call", async (_what, value, type) => {
    expect(() => new SCIMClient(token, { deadline: value as number })).toThrow(type);
    expect(() => new SCIMClient(token, { deadline: value as number })).toThrow(/"deadline"/);
    server = await startServer((_req, res) => json(res, 200, sampleUser()));
    const client = v1Client(server.v1);
    await expect(client.readUser("W1", { deadline: value as number })).rejects.toThrow(type);
    await expect(client.createUser({ userName: "a" }, { deadline: value as number })).rejects.toThrow(type);
    expect(server.requests).toHaveLength(0);
  });
});
