/**
 * A burst with default options against Slack's own limits: the emulator with `rateLimits: { scale }`.
 *
 * What is scaled: only the refill rates, ×3 (`POST /Users` refills 9 a second instead of 3). What is real: the
 * bursts (20 creates at once, 180 writes), the 429 body, and `Retry-After` as the emulator computes it (whole
 * seconds, at least 1), which the client waits out. The scale stays below the client's concurrency of 10 per
 * second of `Retry-After`, as at Slack, so every wave after a pause still meets 429s and some calls need
 * several retries. Unscaled, the same burst takes about 28 s and the unluckiest call retries 8 to 10 times.
 */
import { type StartedEmulator, startEmulator } from "slack-scim-emulator";
import { afterEach, describe, expect, it } from "vitest";
import { defaultRetryHandlers, RateLimitErrorRetryHandler, SCIM2Client } from "../src/index.js";
import { silentLogger } from "./helpers/clients.js";

let emulator: StartedEmulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

describe("100 concurrent createUser with default options, against Slack's limits", () => {
  it("all succeed, each 429 retried after the Retry-After the emulator sent", async () => {
    emulator = await startEmulator({ port: 0, rateLimits: { scale: 3 } });
    const lines: string[] = [];
    // Default options: only where to send and where to log.
    const client = new SCIM2Client(emulator.adminToken, {
      baseUrl: emulator.v2BaseUrl,
      logger: silentLogger(lines),
    });
    const n = 100;
    const settled = await Promise.allSettled(
      Array.from({ length: n }, (_, i) =>
        client.createUser({ userName: `burst${i}`, emails: [{ value: `burst${i}@acme.example` }] }),
      ),
    );
    const errors = settled.filter((s) => s.status === "rejected").map((s) => String(s.reason));
    expect(errors).toEqual([]);
    const ids = new Set(settled.map((s) => (s.status === "fulfilled" ? s.value.user.id : undefined)));
    expect(ids.size).toBe(n);
    expect(settled.some((s) => s.status === "fulfilled" && s.value.recovered)).toBe(false);
    // The burst ran into the limit, some call needed more than one retry (one retry, the old default, would
    // have lost it), and every retry waited at least the Retry-After sent (1 s).
    const retries = lines.filter((l) => l.startsWith("info retrying POST") && l.includes(" 429 "));
    const retryNumbers = retries.map((l) => Number(/\(retry (\d+),/.exec(l)?.[1]));
    expect(Math.max(...retryNumbers)).toBeGreaterThanOrEqual(2);
    for (const line of retries) expect(Number(/ in (\d+) ms/.exec(line)?.[1])).toBeGreaterThanOrEqual(1000);
    await client.close();
  }, 60_000);
});

describe("the default handlers", () => {
  it("retry a 429 up to 20 times, any other failure once", () => {
    const handlers = defaultRetryHandlers();
    const rateLimit = handlers.filter((h) => h instanceof RateLimitErrorRetryHandler);
    expect(rateLimit.map((h) => h.maxRetryCount)).toEqual([20]);
    expect(new RateLimitErrorRetryHandler().maxRetryCount).toBe(20);
    expect(new RateLimitErrorRetryHandler({ maxRetryCount: 3 }).maxRetryCount).toBe(3);
    for (const h of handlers.filter((h) => !(h instanceof RateLimitErrorRetryHandler))) {
      expect(h.maxRetryCount).toBe(1);
    }
  });
});
