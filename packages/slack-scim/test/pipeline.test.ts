import type { ServerResponse } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import {
  FixedValueRetryIntervalCalculator,
  LogLevel,
  RateLimitErrorRetryHandler,
  type RetryContext,
  RetryHandler,
  SCIMRateLimitedError,
  SCIMRequestError,
} from "../src/index.js";
import { instantHandlers, silentLogger, v1Client } from "./helpers/clients.js";
import { json, sampleUser, startServer, type TestServer } from "./helpers/server.js";

let server: TestServer;
afterEach(() => server?.close());

const tooMany = (res: ServerResponse, headers: Record<string, string> = {}) =>
  json(res, 429, { Errors: { description: "too_many_requests", code: 429 } }, headers);

/** Answers 429 to the first request for each path, then 200; records when each request arrived. */
async function firstCallLimited(headers: Record<string, string> = {}) {
  const seen = new Set<string>();
  const arrivals: { url: string; at: number }[] = [];
  server = await startServer((_req, res, received) => {
    arrivals.push({ url: received.url, at: performance.now() });
    if (seen.has(received.url)) return json(res, 200, sampleUser());
    seen.add(received.url);
    tooMany(res, headers);
  });
  return arrivals;
}

/** Retries every 429 once, after whatever `delay` says. */
class DelayHandler extends RetryHandler {
  readonly #delay: (context: RetryContext) => number;
  constructor(delay: (context: RetryContext) => number) {
    super({ maxRetryCount: 1 });
    this.#delay = delay;
  }
  protected override shouldRetry({ response }: RetryContext): boolean {
    return response?.statusCode === 429;
  }
  override delayFor(context: RetryContext): number {
    return this.#delay(context);
  }
}

describe("a 429", () => {
  it("without Retry-After is retried after the handler's interval", async () => {
    const arrivals = await firstCallLimited();
    const handler = new RateLimitErrorRetryHandler({
      intervalCalculator: new FixedValueRetryIntervalCalculator(60),
    });
    const res = await v1Client(server.v1, { retryHandlers: [handler] }).readUser("W1");
    expect(res.statusCode).toBe(200);
    const [first, second] = arrivals;
    expect((second?.at ?? 0) - (first?.at ?? 0)).toBeGreaterThanOrEqual(55);
  });

  it("without Retry-After that is not retried has no retryAfter", async () => {
    await firstCallLimited();
    const error = await v1Client(server.v1, { rejectRateLimitedCalls: true })
      .readUser("W1")
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SCIMRateLimitedError);
    expect((error as SCIMRateLimitedError).retryAfter).toBeUndefined();
  });

  it("whose Retry-After is beyond maxRetryAfter rejects at once, carrying retryAfter", async () => {
    await firstCallLimited({ "retry-after": "120" });
    const error = await v1Client(server.v1, { retryHandlers: [new RateLimitErrorRetryHandler()] })
      .readUser("W1")
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SCIMRateLimitedError);
    expect((error as SCIMRateLimitedError).retryAfter).toBe(120);
    expect(server.requests).toHaveLength(1);
  });
});

describe("a handler's delay", () => {
  it("below zero means retry at once", async () => {
    await firstCallLimited();
    const logger = silentLogger();
    const client = v1Client(server.v1, { logger, retryHandlers: [new DelayHandler(() => -500)] });
    const res = await client.readUser("W1");
    expect(res.statusCode).toBe(200);
    expect(logger.lines.find((line) => line.startsWith("info retrying"))).toMatch(/ in 0 ms /);
  });

  it("that is not a number does not stop a later 429 from pausing the queue", async () => {
    const arrivals = await firstCallLimited();
    let later: Promise<unknown> | undefined;
    const logger = silentLogger();
    const client = v1Client(server.v1, {
      logger: {
        ...logger,
        // Start a third call once the second one's 429 has paused the queue.
        info: (...msg: unknown[]) => {
          if (String(msg[0]).includes("Users/B")) later = client.readUser("C");
        },
      },
      retryHandlers: [new DelayHandler(({ request }) => (request.url.endsWith("/A") ? Number.NaN : 150))],
    });
    await client.readUser("A");
    await client.readUser("B");
    await later;
    const at = (url: string) => arrivals.find((a) => a.url === `/scim/v1/Users/${url}`)?.at ?? 0;
    expect(at("C") - at("B")).toBeGreaterThanOrEqual(140);
  });
});

describe("a failure without a response", () => {
  it.each([
    ["a plain Error", () => new Error("connection lost")],
    [
      "a TypeError whose cause has no code",
      () => new TypeError("fetch failed", { cause: new Error("socket") }),
    ],
    [
      "a code that says nothing of when it failed",
      () => Object.assign(new Error("reset"), { code: "ECONNRESET" }),
    ],
  ])("from %s may have reached the server: a POST or PATCH is sent once", async (_what, failure) => {
    const sent: string[] = [];
    const client = v1Client("http://127.0.0.1:9/scim/v1/", {
      fetch: (_url, init) => {
        sent.push(init.method);
        return Promise.reject(failure());
      },
    });
    const post = await client
      .apiCall({ method: "POST", path: "Users", body: { userName: "ada" } })
      .catch((e: unknown) => e);
    const patch = await client.patchUser("W1", { active: false }).catch((e: unknown) => e);
    for (const error of [post, patch]) {
      expect(error).toBeInstanceOf(SCIMRequestError);
      expect((error as SCIMRequestError).mayHaveReachedServer).toBe(true);
    }
    expect(sent).toEqual(["POST", "PATCH"]);
  });

  it("that proves the request never left (connection refused) lets a POST be sent again", async () => {
    const sent: string[] = [];
    const refused = () => Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" });
    const client = v1Client("http://127.0.0.1:9/scim/v1/", {
      fetch: (_url, init) => {
        sent.push(init.method);
        return Promise.reject(new TypeError("fetch failed", { cause: refused() }));
      },
    });
    const error = await client.apiCall({ method: "POST", path: "Users", body: {} }).catch((e: unknown) => e);
    expect((error as SCIMRequestError).mayHaveReachedServer).toBe(false);
    expect(sent).toEqual(["POST", "POST"]);
  });

  it("from a fetch that rejects with a non-Error becomes SCIMRequestError naming it", async () => {
    const client = v1Client("http://127.0.0.1:9/scim/v1/", {
      retryHandlers: [],
      fetch: () => Promise.reject("socket gone"),
    });
    const error = await client.readUser("W1").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SCIMRequestError);
    expect((error as SCIMRequestError).message).toContain("no response (socket gone)");
    expect((error as SCIMRequestError).cause).toBe("socket gone");
  });

  it("is logged at debug with its reason, and the retry at info", async () => {
    let n = 0;
    server = await startServer((_req, res) => {
      n += 1;
      if (n === 1) res.socket?.destroy();
      else json(res, 200, sampleUser());
    });
    const logger = silentLogger();
    await v1Client(server.v1, {
      logger,
      logLevel: LogLevel.DEBUG,
      retryHandlers: instantHandlers(),
    }).readUser("W1");
    const failed = logger.lines.filter((line) => line.startsWith("debug ✕"));
    expect(failed).toEqual([expect.stringMatching(new RegExp(`^debug ✕ GET ${server.v1}Users/W1: \\S`))]);
    expect(logger.lines.filter((line) => line.startsWith("info retrying"))).toHaveLength(1);
  });
});
