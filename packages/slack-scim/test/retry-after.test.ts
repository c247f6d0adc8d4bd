import { afterEach, describe, expect, it } from "vitest";
import { parseHttpDate, parseRetryAfter } from "../src/core/retry-after.js";
import {
  FixedValueRetryIntervalCalculator,
  RateLimitErrorRetryHandler,
  type RetryContext,
  SCIMRateLimitedError,
} from "../src/index.js";
import { noJitter, v1Client } from "./helpers/clients.js";
import { json, sampleUser, startServer, type TestServer } from "./helpers/server.js";

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

// Sun, 06 Nov 1994 08:49:37 GMT, the example of RFC 9110 (https://www.rfc-editor.org/rfc/rfc9110#http.date), is `now` for every date below.
const now = Date.UTC(1994, 10, 6, 8, 49, 37);

describe("Retry-After as RFC 9110 defines it", () => {
  it.each([
    // delay-seconds: digits only
    ["0", 0],
    ["5", 5],
    ["120", 120],
    ["007", 7],
    [" 30 ", 30], // surrounding whitespace is not part of a field value
    // HTTP-date, IMF-fixdate: seconds from now, rounded up, never negative
    ["Sun, 06 Nov 1994 08:49:37 GMT", 0],
    ["Sun, 06 Nov 1994 08:50:07 GMT", 30],
    ["Mon, 07 Nov 1994 08:49:37 GMT", 86_400],
    ["Sun, 06 Nov 1994 08:48:37 GMT", 0], // in the past: no negative wait
    ["Thu, 01 Jan 1970 00:00:00 GMT", 0],
    ["Sun, 06 Nov 1994 08:49:60 GMT", 22], // a leap second reads as :59
    // the two obsolete forms a recipient must still accept
    ["Sunday, 06-Nov-94 08:50:37 GMT", 60],
    ["Sun Nov  6 08:51:37 1994", 120],
    ["Sun Nov 16 08:49:37 1994", 864_000],
  ])("%j is %i seconds", (value, seconds) => {
    expect(parseRetryAfter(value, now)).toBe(seconds);
  });

  it.each([
    "1.5", // a fraction was read as a date in 2001
    "-1", // a sign too
    "+5",
    "1e3",
    "0x10",
    "5 s",
    "",
    "soon",
    "2001-01-01T00:00:00Z", // ISO 8601 is not an HTTP-date
    "Sun, 06 Nov 1994 08:49:37 UTC",
    "Sun, 6 Nov 1994 08:49:37 GMT", // IMF-fixdate has a two-digit day
    "Sun, 31 Feb 1994 08:49:37 GMT", // no such day
    "Sun, 06 Nov 1994 24:00:00 GMT",
    "Sun, 06 Foo 1994 08:49:37 GMT",
    "06 Nov 1994 08:49:37 GMT",
  ])("%j is absent", (value) => {
    expect(parseRetryAfter(value, now)).toBeUndefined();
  });

  it("is absent when the header is", () => {
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
  });

  it("reads a two-digit year more than 50 years ahead as the past century", () => {
    const in2030 = Date.UTC(2030, 0, 1);
    expect(new Date(parseHttpDate("Sunday, 06-Nov-94 08:49:37 GMT", in2030) ?? 0).getUTCFullYear()).toBe(
      1994,
    );
    expect(new Date(parseHttpDate("Monday, 06-Nov-79 08:49:37 GMT", in2030) ?? 0).getUTCFullYear()).toBe(
      2079,
    );
  });
});

describe("a 429 whose Retry-After is not a valid value", () => {
  it.each(["1.5", "-1", "soon"])(
    "Retry-After: %s falls back to the handler's backoff, and retryAfter stays undefined",
    async (value) => {
      let n = 0;
      server = await startServer((_req, res) => {
        n += 1;
        if (n <= 2)
          json(res, 429, { Errors: { description: "rate_limited", code: 429 } }, { "retry-after": value });
        else json(res, 200, sampleUser());
      });
      const delays: number[] = [];
      class Recording extends RateLimitErrorRetryHandler {
        override delayFor(context: RetryContext): number {
          const ms = super.delayFor(context);
          delays.push(ms);
          return ms;
        }
      }
      const handler = new Recording({
        maxRetryCount: 1,
        intervalCalculator: new FixedValueRetryIntervalCalculator(25),
        jitter: noJitter,
      });
      const error = await v1Client(server.v1, { retryHandlers: [handler] })
        .readUser("W1")
        .catch((e: unknown) => e);
      expect(delays).toEqual([25]);
      expect(error).toBeInstanceOf(SCIMRateLimitedError);
      expect((error as SCIMRateLimitedError).retryAfter).toBeUndefined();
    },
  );

  it("an HTTP-date keeps retryAfter in seconds", async () => {
    const at = new Date(Date.now() + 120_000).toUTCString();
    server = await startServer((_req, res) =>
      json(res, 429, { Errors: { description: "rate_limited", code: 429 } }, { "retry-after": at }),
    );
    const error = await v1Client(server.v1, { rejectRateLimitedCalls: true })
      .readUser("W1")
      .catch((e: unknown) => e);
    const seconds = (error as SCIMRateLimitedError).retryAfter ?? 0;
    expect(seconds).toBeGreaterThanOrEqual(119);
    expect(seconds).toBeLessThanOrEqual(121);
  });
});
