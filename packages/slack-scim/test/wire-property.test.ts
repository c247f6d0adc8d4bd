/**
 * Whatever a server sends back (any status line, any headers, any bytes, a declared length it never sends,
 * a connection it resets or leaves silent), every call ends in a typed outcome: it resolves, or it rejects with
 * an error `isSCIMError` recognises, within a bound, leaving no socket open and no unhandled rejection.
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isSCIMError, SCIM2Client, SCIMClient, SCIMError } from "../src/index.js";
import { token } from "./helpers/clients.js";
import { callMethod, fastHandlers } from "./helpers/fault-matrix.js";
import { methodKinds } from "./helpers/fault-rules.js";
import { type RawAnswer, type RawServer, startRawServer } from "./helpers/raw-server.js";
import { timedLogger } from "./helpers/timed-logger.js";

const timeout = 100;
// The most requests one call can make: a 429 answered to each of its 21 attempts; or a create whose POST, two
// lookups, second POST and two lookups all wait out the timeout.
const boundMs = 21 * 50 + 6 * timeout + 3000;

const code = fc.oneof(
  fc.constantFrom(100, 101, 103, 200, 201, 204, 206, 301, 302, 304, 307, 308, 400, 404, 409, 429, 500, 503),
  fc.integer({ min: 0, max: 999 }),
);
const statusLine = fc
  .oneof(
    {
      weight: 4,
      arbitrary: fc.tuple(fc.constantFrom("HTTP/1.1", "HTTP/1.0"), code, fc.constantFrom("OK", "", "x y")),
    },
    {
      weight: 1,
      arbitrary: fc.tuple(fc.constantFrom("HTTP/2", "http/1.1", "HTTP/1.1 ", "ICY"), code, fc.string()),
    },
  )
  .map(([version, status, reason]) => `${version} ${status} ${reason}`);
const garbageLine = fc.string({ maxLength: 40 });

const header = fc.oneof(
  fc.tuple(
    fc.constant("content-length"),
    fc.oneof(
      fc.nat({ max: 400 }).map(String),
      fc.constantFrom(
        "99999999999999",
        "18446744073709551616",
        "1073741824",
        "-1",
        "1e3",
        "abc",
        "0x10",
        "",
        "5, 6",
      ),
    ),
  ),
  fc.tuple(
    fc.constant("transfer-encoding"),
    fc.constantFrom("chunked", "gzip", "chunked, chunked", "identity"),
  ),
  fc.tuple(
    fc.constant("content-type"),
    fc.constantFrom("application/json", "text/html", "application/scim+json"),
  ),
  // Never a wait a test would sit through: zero, a past date, or something that is no delay at all.
  fc.tuple(
    fc.constant("retry-after"),
    fc.constantFrom("0", "1.5", "-1", "+1", "Wed, 21 Oct 2015 07:28:00 GMT", "soon", "", "0x1"),
  ),
  fc.tuple(fc.constant("location"), fc.constantFrom("https://elsewhere.example/x?t=1", "/scim/v1/Users", "")),
  fc.tuple(fc.constant("connection"), fc.constantFrom("close", "keep-alive", "upgrade")),
  fc.tuple(
    fc.stringMatching(/^x-[a-z]{1,8}$/),
    fc.string({ maxLength: 20, unit: fc.integer({ min: 0, max: 255 }).map((c) => String.fromCharCode(c)) }),
  ),
);

const jsonBodies = [
  { id: "W1", userName: "ada", emails: [{ value: "ada@acme.example" }] },
  { totalResults: 1, Resources: [{ id: "W1" }] },
  { Errors: { description: "too_many_requests", code: 429 } },
  { detail: "internal_error", status: "500" },
  [],
  null,
].map((value) => new TextEncoder().encode(JSON.stringify(value)));
const body = fc.oneof(
  fc.constantFrom(...jsonBodies),
  fc.uint8Array({ maxLength: 300 }),
  fc.constant(new Uint8Array([0xff, 0xfe, 0xc3, 0x28, 0xe2, 0x82])), // invalid UTF-8
  fc.constant(new Uint8Array()),
);

// Wild: anything goes, framing included (a declared length never sent, conflicting framings, a bad line).
const wild: fc.Arbitrary<RawAnswer> = fc.record({
  statusLine: fc.oneof({ weight: 9, arbitrary: statusLine }, { weight: 1, arbitrary: garbageLine }),
  headers: fc.array(header, { maxLength: 5 }),
  body,
  ending: fc.constantFrom("end", "end", "destroy", "keep-open"),
});
// Well framed: a valid status line and the body's true length, so the status, headers and body get read.
const framed: fc.Arbitrary<RawAnswer> = fc
  .record({
    status: code,
    headers: fc.array(header, { maxLength: 4 }),
    body,
    ending: fc.constantFrom("end", "keep-open", "destroy"),
  })
  .map(({ status, headers, body, ending }) => ({
    statusLine: `HTTP/1.1 ${status} X`,
    headers: [
      ...headers.filter(([name]) => name !== "content-length" && name !== "transfer-encoding"),
      ["content-length", String(body.length)] as [string, string],
    ],
    body,
    ending,
  }));
const answer = fc.oneof(wild, framed);

let server: RawServer;
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
beforeAll(async () => {
  server = await startRawServer({
    statusLine: "HTTP/1.1 204 OK",
    headers: [],
    body: new Uint8Array(),
    ending: "end",
  });
  process.on("unhandledRejection", onUnhandled);
});
afterAll(async () => {
  process.off("unhandledRejection", onUnhandled);
  await server.close();
});

async function settleWithin<T>(
  promise: Promise<T>,
  ms: number,
): Promise<{ value: T } | { error: unknown } | "hung"> {
  let timer: NodeJS.Timeout | undefined;
  const hung = new Promise<"hung">((resolve) => {
    timer = setTimeout(() => resolve("hung"), ms);
  });
  const settled = promise.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  return Promise.race([settled, hung]).finally(() => clearTimeout(timer));
}

describe("any answer from a loopback server", () => {
  it("ends every call in a typed outcome within its bound, leaving no socket open", async () => {
    await fc.assert(
      fc.asyncProperty(
        answer,
        fc.constantFrom(...methodKinds),
        fc.constantFrom(1, 2),
        async (raw, kind, version) => {
          server.answer = raw;
          const options = {
            baseUrl: `${server.url}/scim/v${version}/`,
            timeout,
            logger: timedLogger(),
            retryHandlers: fastHandlers("all"),
          };
          const client = version === 1 ? new SCIMClient(token, options) : new SCIM2Client(token, options);
          const outcome = await settleWithin(callMethod(client, kind), boundMs);
          expect(outcome).not.toBe("hung");
          if (outcome !== "hung" && "error" in outcome) {
            expect(isSCIMError(outcome.error), String(outcome.error)).toBe(true);
            expect(outcome.error).toBeInstanceOf(SCIMError);
          }
          expect(await settleWithin(client.close(), 2000)).not.toBe("hung");
          const closed = performance.now() + 2000;
          while (server.openSockets > 0 && performance.now() < closed) {
            await new Promise((resolve) => setTimeout(resolve, 5));
          }
          expect(server.openSockets).toBe(0);
          expect(unhandled).toEqual([]);
        },
      ),
      { numRuns: 150 },
    );
  }, 120_000);
});
