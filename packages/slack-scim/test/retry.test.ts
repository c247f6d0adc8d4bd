import { createServer } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import {
  FixedValueRetryIntervalCalculator,
  type RetryContext,
  RetryHandler,
  SCIMHTTPError,
  SCIMRateLimitedError,
  SCIMRequestError,
  SCIMTimeoutError,
  ServerErrorRetryHandler,
} from "../src/index.js";
import { instant, instantHandlers, silentLogger, v1Client } from "./helpers/clients.js";
import { json, sampleUser, startServer, type TestServer } from "./helpers/server.js";

let server: TestServer;
afterEach(() => server?.close());

/** Answers the n-th request (0-based) with `answers[n]`, the last one repeated. */
function sequence(...answers: ((res: import("node:http").ServerResponse) => void)[]) {
  let n = 0;
  return (_req: unknown, res: import("node:http").ServerResponse) => {
    const answer = answers[Math.min(n, answers.length - 1)];
    n += 1;
    answer?.(res);
  };
}
const ok = (res: import("node:http").ServerResponse) => json(res, 200, sampleUser());
const created = (res: import("node:http").ServerResponse) => json(res, 201, sampleUser());
const reset = (res: import("node:http").ServerResponse) => res.socket?.destroy();
const status =
  (code: number, headers: Record<string, string> = {}) =>
  (res: import("node:http").ServerResponse) =>
    json(res, code, { Errors: { description: `status_${code}`, code } }, headers);

async function unusedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

describe("connection errors", () => {
  it("retries a GET whose socket was destroyed before the answer, once, and succeeds", async () => {
    server = await startServer(sequence(reset, ok));
    const res = await v1Client(server.v1).readUser("W1");
    expect(res.user.id).toBe("W0123ABCDEF");
    expect(server.requests).toHaveLength(2);
  });

  it("never resends a POST whose socket died after its body arrived", async () => {
    server = await startServer(sequence(reset, created));
    // apiCall: the retry loop alone (createUser adds its own lookup, tested in safe-create.test.ts).
    const error = await v1Client(server.v1)
      .apiCall({ method: "POST", path: "Users", body: { userName: "ada", emails: [{ value: "a@b.c" }] } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SCIMRequestError);
    expect((error as SCIMRequestError).mayHaveReachedServer).toBe(true);
    expect((error as SCIMRequestError).message).toMatch(
      /^SCIM request failed: no response \(.+\), POST \/scim\/v1\/Users$/,
    );
    expect(server.requests).toHaveLength(1);
    expect(JSON.parse(server.requests[0]?.body ?? "").userName).toBe("ada");
  });

  it("retries a POST that was refused before it could reach a server", async () => {
    const port = await unusedPort();
    const logger = silentLogger();
    const error = await v1Client(`http://127.0.0.1:${port}/scim/v1/`, { logger })
      .createUser({ userName: "ada" })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SCIMRequestError);
    expect((error as SCIMRequestError).mayHaveReachedServer).toBe(false);
    expect(((error as Error).cause as { code?: string }).code).toBe("ECONNREFUSED");
    expect(logger.lines.filter((line) => line.includes("retrying POST /scim/v1/Users"))).toHaveLength(1);
  });

  it("rejects with SCIMTimeoutError when the server never answers, without retrying", async () => {
    server = await startServer(() => {});
    const error = await v1Client(server.v1, { timeout: 150 })
      .readUser("W1")
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SCIMTimeoutError);
    expect((error as SCIMTimeoutError).timeout).toBe(150);
    expect((error as SCIMTimeoutError).code).toBe("slack_scim_timeout_error");
    expect((error as Error).message).toBe("SCIM request timed out after 150 ms, GET /scim/v1/Users/W1");
    expect(server.requests).toHaveLength(1);
  });

  it("applies a per-call timeout over the client's", async () => {
    server = await startServer(() => {});
    const error = await v1Client(server.v1)
      .readUser("W1", { timeout: 100 })
      .catch((e: unknown) => e);
    expect((error as SCIMTimeoutError).timeout).toBe(100);
  });
});

describe("rate limits", () => {
  it("waits Retry-After seconds before retrying a 429", async () => {
    server = await startServer(sequence(status(429, { "retry-after": "1" }), ok));
    const started = Date.now();
    const res = await v1Client(server.v1).readUser("W1");
    expect(res.statusCode).toBe(200);
    expect(server.requests).toHaveLength(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
  });

  it("understands Retry-After as an HTTP date", async () => {
    const at = new Date(Date.now() + 2000).toUTCString();
    server = await startServer(sequence(status(429, { "retry-after": at }), ok));
    const logger = silentLogger();
    await v1Client(server.v1, { logger }).readUser("W1");
    const waited = Number(/in (\d+) ms/.exec(logger.lines.join("\n"))?.[1]);
    expect(waited).toBeGreaterThanOrEqual(1000);
    expect(waited).toBeLessThanOrEqual(2000);
    expect(server.requests).toHaveLength(2);
  });

  it("retries a 429 for a POST too: Slack did not apply it", async () => {
    server = await startServer(sequence(status(429, { "retry-after": "0" }), created));
    const res = await v1Client(server.v1).createUser({ userName: "ada" });
    expect(res.statusCode).toBe(201);
    expect(server.requests).toHaveLength(2);
  });

  it("rejectRateLimitedCalls throws SCIMRateLimitedError at once, whatever the handlers", async () => {
    server = await startServer(sequence(status(429, { "retry-after": "0" }), ok));
    const error = await v1Client(server.v1, { rejectRateLimitedCalls: true })
      .readUser("W1")
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SCIMRateLimitedError);
    expect((error as SCIMRateLimitedError).retryAfter).toBe(0);
    expect(server.requests).toHaveLength(1);
  });

  it("gives up with the error when the 429 keeps coming after maxRetryCount", async () => {
    server = await startServer(sequence(status(429, { "retry-after": "0" })));
    const error = await v1Client(server.v1)
      .readUser("W1")
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SCIMRateLimitedError);
    // The first attempt and the 20 retries the default RateLimitErrorRetryHandler allows.
    expect(server.requests).toHaveLength(21);
  });

  it("pauses the whole queue after a 429, so concurrent calls wait too", async () => {
    let first = true;
    const arrivals: number[] = [];
    server = await startServer((_req, res) => {
      arrivals.push(Date.now());
      if (first) {
        first = false;
        status(429, { "retry-after": "1" })(res);
      } else ok(res);
    });
    const client = v1Client(server.v1, { maxRequestConcurrency: 1 });
    const started = Date.now();
    await Promise.all([client.readUser("W1"), client.readUser("W2")]);
    expect(server.requests).toHaveLength(3);
    // Both later requests were held back by the pause the first 429 started.
    for (const at of arrivals.slice(1)) expect(at - started).toBeGreaterThanOrEqual(950);
  });
});

describe("server errors and custom handlers", () => {
  it("does not retry 5xx by default", async () => {
    server = await startServer(sequence(status(503), ok));
    await expect(v1Client(server.v1).readUser("W1")).rejects.toBeInstanceOf(SCIMHTTPError);
    expect(server.requests).toHaveLength(1);
  });

  it("ServerErrorRetryHandler retries a GET on 503 and succeeds", async () => {
    server = await startServer(sequence(status(503), ok));
    const handlers = [...instantHandlers(), new ServerErrorRetryHandler({ intervalCalculator: instant })];
    const res = await v1Client(server.v1, { retryHandlers: handlers }).readUser("W1");
    expect(res.statusCode).toBe(200);
    expect(server.requests).toHaveLength(2);
  });

  it("ServerErrorRetryHandler leaves a POST alone: a 5xx create may have happened", async () => {
    server = await startServer(sequence(status(500), created));
    const client = v1Client(server.v1);
    client.retryHandlers.push(new ServerErrorRetryHandler({ intervalCalculator: instant }));
    await expect(
      client.apiCall({ method: "POST", path: "Users", body: { userName: "a" } }),
    ).rejects.toMatchObject({
      statusCode: 500,
    });
    expect(server.requests).toHaveLength(1);
  });

  it("maxRetryCount bounds the retries", async () => {
    server = await startServer(sequence(status(500)));
    const handler = new ServerErrorRetryHandler({ maxRetryCount: 3, intervalCalculator: instant });
    await expect(v1Client(server.v1, { retryHandlers: [handler] }).readUser("W1")).rejects.toMatchObject({
      statusCode: 500,
    });
    expect(server.requests).toHaveLength(4);
  });

  it("runs a custom subclass's shouldRetry with the redacted request and the response", async () => {
    const seen: (RetryContext & { attemptThen: number })[] = [];
    class RetryTeapot extends RetryHandler {
      protected override shouldRetry(context: RetryContext): boolean {
        seen.push({ ...context, attemptThen: context.state.attempt });
        return context.response?.statusCode === 418;
      }
    }
    server = await startServer(sequence(status(418), ok));
    const handler = new RetryTeapot({ intervalCalculator: new FixedValueRetryIntervalCalculator(0) });
    const res = await v1Client(server.v1, { retryHandlers: [handler] }).readUser("W1");
    expect(res.statusCode).toBe(200);
    expect(seen).toHaveLength(1);
    expect(seen[0]?.attemptThen).toBe(0);
    expect(seen[0]?.request.method).toBe("GET");
    expect(seen[0]?.request.headers["authorization"]).toBe("[REDACTED]");
    expect(seen[0]?.response?.body).toEqual({ Errors: { description: "status_418", code: 418 } });
  });

  it("an abort during a backoff rejects at once with the signal's reason", async () => {
    server = await startServer(sequence(status(503)));
    const handler = new ServerErrorRetryHandler({
      intervalCalculator: new FixedValueRetryIntervalCalculator(60_000),
    });
    const controller = new AbortController();
    const logger = silentLogger();
    const call = v1Client(server.v1, { retryHandlers: [handler], logger }).readUser("W1", {
      signal: controller.signal,
    });
    const reason = new Error("user cancelled");
    await vi_waitFor(() => logger.lines.some((line) => line.includes("retrying")));
    controller.abort(reason);
    await expect(call).rejects.toBe(reason);
    expect(server.requests).toHaveLength(1);
  });

  it("an abort while the request is in flight rejects with the signal's reason, unwrapped", async () => {
    server = await startServer(() => {});
    const controller = new AbortController();
    const call = v1Client(server.v1).readUser("W1", { signal: controller.signal });
    await vi_waitFor(() => server.requests.length === 1);
    const reason = new DOMException("stop", "AbortError");
    controller.abort(reason);
    await expect(call).rejects.toBe(reason);
  });

  it("an already aborted signal sends nothing", async () => {
    server = await startServer(sequence(ok));
    const reason = new Error("before");
    await expect(v1Client(server.v1).readUser("W1", { signal: AbortSignal.abort(reason) })).rejects.toBe(
      reason,
    );
    expect(server.requests).toHaveLength(0);
  });
});

describe("concurrency", () => {
  it("keeps at most maxRequestConcurrency requests in flight", async () => {
    let inFlight = 0;
    let most = 0;
    server = await startServer(async (_req, res) => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 20));
      inFlight -= 1;
      ok(res);
    });
    const client = v1Client(server.v1, { maxRequestConcurrency: 2 });
    await Promise.all(Array.from({ length: 8 }, (_, i) => client.readUser(`W${i}`)));
    expect(server.requests).toHaveLength(8);
    expect(most).toBe(2);
  });
});

async function vi_waitFor(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !condition(); i += 1) await new Promise((resolve) => setTimeout(resolve, 5));
  if (!condition()) throw new Error("condition never became true");
}
