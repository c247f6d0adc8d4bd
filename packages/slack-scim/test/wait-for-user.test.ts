import { type StartedEmulator, startEmulator } from "slack-scim-emulator";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  RateLimitErrorRetryHandler,
  SCIM2Client,
  SCIMTimeoutError,
  SCIMWaitTimeoutError,
  scaleRateLimits,
  slackRateLimits,
} from "../src/index.js";
import { silentLogger, v1Client } from "./helpers/clients.js";
import { json, sampleUser, startServer, type TestServer } from "./helpers/server.js";

describe("waitForUser on a purpose-made server", () => {
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it("resolves once a read satisfies the predicate (deactivation applied late)", async () => {
    let reads = 0;
    server = await startServer((_req, res) => {
      reads += 1;
      json(res, 200, sampleUser("W1", { active: reads < 3 }));
    });
    const started = performance.now();
    const user = await v1Client(server.v1).waitForUser("W1", (u) => u.active === false, { interval: 20 });
    expect(user.active).toBe(false);
    expect(reads).toBe(3);
    expect(performance.now() - started).toBeGreaterThanOrEqual(35);
  });

  it("treats a 404 as not yet", async () => {
    let reads = 0;
    server = await startServer((_req, res) => {
      reads += 1;
      if (reads === 1) json(res, 404, { Errors: { description: "user_not_found", code: 404 } });
      else json(res, 200, sampleUser("W1"));
    });
    const user = await v1Client(server.v1).waitForUser("W1", () => true, { interval: 1 });
    expect(user.id).toBe("W1");
  });

  it("rejects with a timeout error naming the last value seen", async () => {
    server = await startServer((_req, res) => json(res, 200, sampleUser("W1", { active: true })));
    const error = await v1Client(server.v1)
      .waitForUser("W1", (u) => u.active === false, { timeout: 60, interval: 20 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SCIMWaitTimeoutError);
    expect(error).not.toBeInstanceOf(SCIMTimeoutError);
    expect((error as SCIMWaitTimeoutError).code).toBe("slack_scim_wait_timeout_error");
    expect((error as SCIMWaitTimeoutError).lastValue?.active).toBe(true);
    expect((error as Error).message).toContain('"active":true');
    expect((error as Error).message).toContain("60 ms");
  });

  it("keeps to its own timeout when a read hangs, naming the last value seen", async () => {
    let reads = 0;
    server = await startServer((_req, res) => {
      reads += 1;
      if (reads === 1) json(res, 200, sampleUser("W1", { active: true }));
      // Later reads never answer.
    });
    // The client allows a read 30 s: the wait must still end after its own 300 ms (or the test times out).
    const error = await v1Client(server.v1, { timeout: 30_000 })
      .waitForUser("W1", (u) => u.active === false, { timeout: 300, interval: 10 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SCIMWaitTimeoutError);
    expect((error as SCIMWaitTimeoutError).lastValue?.active).toBe(true);
  });

  it("keeps to its own timeout while reads are rate limited (a long Retry-After is not waited out)", async () => {
    server = await startServer((_req, res) =>
      json(res, 429, { Errors: { description: "too_many_requests", code: 429 } }, { "retry-after": "8" }),
    );
    // The rate-limit handler would wait 8 s; the wait must end after its 300 ms (or the test times out).
    const error = await v1Client(server.v1, { retryHandlers: [new RateLimitErrorRetryHandler()] })
      .waitForUser("W1", () => true, { timeout: 300, interval: 10 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SCIMWaitTimeoutError);
    expect((error as SCIMWaitTimeoutError).lastValue).toBeUndefined();
  });

  it("rejects at once on other errors, and on abort with the reason", async () => {
    server = await startServer((_req, res) => json(res, 403, { Errors: { description: "no", code: 403 } }));
    await expect(v1Client(server.v1).waitForUser("W1", () => true)).rejects.toMatchObject({
      statusCode: 403,
    });
    const controller = new AbortController();
    const reason = new Error("stop");
    controller.abort(reason);
    await expect(
      v1Client(server.v1).waitForUser("W1", () => true, { signal: controller.signal }),
    ).rejects.toBe(reason);
  });

  it("checks its arguments", async () => {
    const client = v1Client("http://127.0.0.1:9/scim/v1/");
    await expect(client.waitForUser("W1", "x" as never)).rejects.toThrow(TypeError);
    await expect(client.waitForUser("W1", () => true, { timeout: -1 })).rejects.toThrow(RangeError);
    await expect(client.waitForUser("..", () => true)).rejects.toThrow(TypeError);
  });
});

describe("waitForUser against the emulator", () => {
  let emulator: StartedEmulator;
  beforeAll(async () => {
    emulator = await startEmulator({ port: 0, rateLimits: { scale: 100 } });
  });
  afterAll(() => emulator.close());

  it("sees a deactivation that a delayed DELETE applies later, polling within the rate limits", async () => {
    const client = new SCIM2Client(emulator.adminToken, {
      baseUrl: emulator.v2BaseUrl,
      rateLimit: scaleRateLimits(slackRateLimits, 100),
      rejectRateLimitedCalls: true,
      logger: silentLogger(),
    });
    const { user } = await client.createUser({ userName: "late", emails: [{ value: "late@acme.example" }] });
    const id = user.id ?? "";
    emulator.faults.push({ match: "DELETE /Users/*", latencyMs: 150 });
    const deletion = client.deleteUser(id);
    const seen = await client.waitForUser(id, (u) => u.active === false, { interval: 5, timeout: 5_000 });
    expect(seen.active).toBe(false);
    await deletion;
  });
});
