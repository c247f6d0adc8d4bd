import { constants } from "node:buffer";
import type { FetchLike } from "../core/fetch-transport.js";
import { isLogLevel, type Logger, type LogLevel } from "../core/logger.js";
import type { TLSOptions } from "../core/undici-transport.js";
import { type RateLimitOption, validateRateLimitOption } from "../ratelimit/options.js";
import type { RetryHandler } from "../retry/handler.js";
import { checkProxyOption } from "./proxy-url.js";

/** Options of `SCIMClient` and `SCIM2Client`, read once in the constructor. */
export interface SCIMClientOptions {
  /**
   * Base URL of the SCIM API; a trailing `/` is optional; `undefined` or `""` mean the default.
   * @defaultValue `https://api.slack.com/scim/v1/` (1.1) or `https://api.slack.com/scim/v2/` (2.0)
   */
  baseUrl?: string | undefined;
  /**
   * Milliseconds one attempt may take, response body included; expiry rejects with `SCIMTimeoutError`
   * (`phase: "attempt"`). At most 2³¹−1.
   * @defaultValue 30_000
   */
  timeout?: number;
  /**
   * Milliseconds a whole call may take: rate-limiter and queue waits, every attempt and retry wait, and the
   * lookups `createUser`/`createGroup` make after an unknown outcome. Past it the call rejects with
   * `SCIMTimeoutError` (`phase: "deadline"`) and gives back its queue slot and any rate-limit token it did not
   * use; a retry whose wait would end past it is not made (the call rejects with the error that asked for it).
   * Each page of `iterateUsers` and the like is a call of its own; `waitForUser` is bounded by its own `timeout`.
   * A per-call `deadline` overrides it.
   * @defaultValue none: a call may wait as long as its retries and `Retry-After` say
   */
  deadline?: number;
  /**
   * The most bytes a response body may have. Past it (or when `Content-Length` says more) the exchange is
   * aborted and the call rejects with `SCIMResponseError` naming the limit. A per-call `maxResponseBytes`
   * overrides it. At most the longest string Node can hold (about 512 MiB).
   * @defaultValue 67_108_864 (64 MiB: a page of 1,000 users with rich profiles is a few MiB)
   */
  maxResponseBytes?: number;
  /**
   * Retry handlers, asked in order after each failed attempt. Kept as a mutable array on the client.
   * @defaultValue defaultRetryHandlers()
   */
  retryHandlers?: RetryHandler[];
  /**
   * Throw `SCIMRateLimitedError` on a 429 at once, whatever the handlers say.
   * @defaultValue false
   */
  rejectRateLimitedCalls?: boolean;
  /**
   * Requests in flight at once; more wait in a queue, which a 429 pauses for its `Retry-After`.
   * @defaultValue 10
   */
  maxRequestConcurrency?: number;
  /**
   * Logger with the Node Slack SDK's shape.
   * @defaultValue a console logger
   */
  logger?: Logger;
  /**
   * Lowest level logged.
   * @defaultValue LogLevel.INFO
   */
  logLevel?: LogLevel;
  /**
   * More header names whose values are credentials (case-insensitive), redacted wherever a request is shown:
   * the `request.headers` retry handlers see, error messages and log lines. `Authorization`,
   * `Proxy-Authorization` and `Cookie` are always redacted.
   * @defaultValue []
   * @example
   * ```ts
   * new SCIMClient(token, { headers: { "x-gateway-key": key }, redactHeaders: ["x-gateway-key"] });
   * ```
   */
  redactHeaders?: string[];
  /**
   * Headers added to every request (a per-call header of the same name wins; the client's own `Authorization`, `User-Agent`, `Accept` and `Content-Type` always win).
   * @defaultValue {}
   */
  headers?: Record<string, string>;
  /** Text put before the User-Agent, e.g. `my-idp/1.2`. */
  userAgentPrefix?: string;
  /** Text put after the User-Agent. */
  userAgentSuffix?: string;
  /**
   * Proxy URL for the built-in transport (`http:`, `https:`, `socks5:`). A malformed one, here or in the
   * environment, is a `TypeError` at construction that names it and hides its credentials. Not with `fetch`.
   * @defaultValue from `HTTPS_PROXY`/`HTTP_PROXY`, honouring `NO_PROXY`
   */
  proxy?: string;
  /** TLS settings for the built-in transport: extra CAs, client certificate, verification. Not with `fetch`. */
  tls?: TLSOptions;
  /**
   * A `fetch`-compatible function used instead of the built-in undici transport. It is called with
   * `redirect: "manual"`, so a redirect is never followed (a 3xx is a `SCIMHTTPError`). Configure a proxy or TLS
   * on the fetch itself: with `fetch`, the `proxy` and `tls` options are refused.
   */
  fetch?: FetchLike;
  /**
   * Client-side rate limiting. `"slack"` keeps the client under Slack's published SCIM limits: token buckets
   * for the org-wide read and write sets and for each endpoint, with their bursts; a request waits until every
   * limit it counts against has room. Clients in one process with the same token and host share the buckets
   * (Slack counts per org, over both SCIM versions). A 429 that still arrives (another app spends the same
   * budget) slows the request's limits down, which then recover. A custom table (see `slackRateLimits`,
   * `scaleRateLimits`) replaces Slack's; limits it leaves out do not apply. Waits are logged (debug, or info
   * from one second). `{ limits, store, onStoreError, storeTimeout }` also says where the buckets live
   * (`RedisRateLimitStore` from `slack-scim/redis` shares one budget across processes) and what happens when that
   * store cannot be reached.
   * @defaultValue false
   * @example
   * ```ts
   * const client = new SCIM2Client(token, { rateLimit: "slack" });
   * ```
   */
  rateLimit?: RateLimitOption;
  /**
   * Refuse filters on attributes Slack does not document as filterable (users: `userName`, `email`,
   * `restricted`, `ultra_restricted`; groups: `displayName`) with a `SCIMFilterError` before any request.
   * `false` logs a warning and sends the filter, for attributes Slack may add later. Grammar and operator
   * checks apply either way.
   * @defaultValue true
   */
  strictFilters?: boolean;
  /**
   * Allow a `SCIM2Client` on a base URL whose path says `/scim/v1/`, or a `SCIMClient` on `/scim/v2/`. Without
   * it that pairing is a `TypeError` at construction: the client would send the other version's body shapes.
   * @defaultValue false
   */
  allowVersionMismatch?: boolean;
  /**
   * Log personal data as it is. `false` masks emails, phone numbers and the string literals of filters
   * (`userName eq "***"`) in every line the client logs, at every level, including URLs and error descriptions
   * Slack echoes. Thrown errors are not masked: they are the caller's to handle.
   * @defaultValue false
   */
  logPII?: boolean;
}

// Derived from the interface: adding an option without listing it here is a compile error, and so is the reverse.
const knownOptions = {
  baseUrl: true,
  timeout: true,
  deadline: true,
  maxResponseBytes: true,
  retryHandlers: true,
  rejectRateLimitedCalls: true,
  maxRequestConcurrency: true,
  logger: true,
  logLevel: true,
  headers: true,
  userAgentPrefix: true,
  userAgentSuffix: true,
  proxy: true,
  tls: true,
  fetch: true,
  rateLimit: true,
  strictFilters: true,
  redactHeaders: true,
  allowVersionMismatch: true,
  logPII: true,
} as const satisfies Record<keyof SCIMClientOptions, true>;
const known: ReadonlySet<string> = new Set(Object.keys(knownOptions));

function fail(name: string, expected: string): never {
  throw new TypeError(`SCIM client option "${name}" must be ${expected}`);
}

// The longest delay a timer can hold.
const maxTimer = 2 ** 31 - 1;

/** Milliseconds: a number > 0 and at most 2³¹−1 (TypeError for a non-number, RangeError out of range). */
export function checkTimeout(name: string, value: unknown): number {
  if (typeof value !== "number" || Number.isNaN(value)) fail(name, "a number of milliseconds");
  if (!(value > 0) || value > maxTimer) {
    throw new RangeError(`SCIM client option "${name}" must be > 0 and at most ${maxTimer} ms`);
  }
  return value;
}

/** The default of `maxResponseBytes`: 64 MiB. */
export const defaultMaxResponseBytes = 64 * 1024 * 1024;

/** Bytes: an integer from 1 to the longest string Node can hold (TypeError/RangeError naming `name`). */
export function checkMaxResponseBytes(name: string, value: unknown): number {
  if (typeof value !== "number" || Number.isNaN(value)) fail(name, "a number of bytes");
  if (!Number.isInteger(value) || value < 1 || value > constants.MAX_STRING_LENGTH) {
    throw new RangeError(
      `SCIM client option "${name}" must be an integer from 1 to ${constants.MAX_STRING_LENGTH} bytes`,
    );
  }
  return value;
}

function checkString(name: string, value: unknown): void {
  if (value !== undefined && typeof value !== "string") fail(name, "a string");
}

function checkStringRecord(name: string, value: unknown): void {
  if (value === undefined) return;
  if (typeof value !== "object" || value === null || Array.isArray(value)) fail(name, "an object of strings");
  for (const entry of Object.values(value)) if (typeof entry !== "string") fail(name, "an object of strings");
}

/** Throws `TypeError`/`RangeError` naming the first bad option. */
export function validateOptions(options: unknown): asserts options is SCIMClientOptions {
  if (options === undefined) return;
  if (typeof options !== "object" || options === null)
    throw new TypeError("SCIM client options must be an object");
  const o = options as Record<string, unknown>;
  for (const name of Object.keys(o)) {
    if (!known.has(name)) throw new TypeError(`Unknown SCIM client option "${name}"`);
  }
  if (o["baseUrl"] !== undefined && o["baseUrl"] !== "") {
    if (typeof o["baseUrl"] !== "string" || !URL.canParse(o["baseUrl"])) fail("baseUrl", "an absolute URL");
    const protocol = new URL(o["baseUrl"]).protocol;
    if (protocol !== "https:" && protocol !== "http:") fail("baseUrl", "an http(s) URL");
  }
  if (o["timeout"] !== undefined) checkTimeout("timeout", o["timeout"]);
  if (o["deadline"] !== undefined) checkTimeout("deadline", o["deadline"]);
  if (o["maxResponseBytes"] !== undefined) checkMaxResponseBytes("maxResponseBytes", o["maxResponseBytes"]);
  if (o["retryHandlers"] !== undefined) {
    const handlers = o["retryHandlers"];
    if (!Array.isArray(handlers)) fail("retryHandlers", "an array of RetryHandler");
    for (const handler of handlers) {
      if (typeof handler?.canRetry !== "function" || typeof handler?.delayFor !== "function") {
        fail("retryHandlers", "an array of RetryHandler");
      }
    }
  }
  if (o["rejectRateLimitedCalls"] !== undefined && typeof o["rejectRateLimitedCalls"] !== "boolean") {
    fail("rejectRateLimitedCalls", "a boolean");
  }
  const concurrency = o["maxRequestConcurrency"];
  if (concurrency !== undefined) {
    if (typeof concurrency !== "number") fail("maxRequestConcurrency", "a number");
    if (!Number.isInteger(concurrency) || concurrency < 1) {
      throw new RangeError('SCIM client option "maxRequestConcurrency" must be an integer >= 1');
    }
  }
  const logger = o["logger"] as Record<string, unknown> | undefined;
  if (logger !== undefined) {
    for (const method of ["debug", "info", "warn", "error", "setLevel", "getLevel", "setName"]) {
      if (typeof logger?.[method] !== "function") fail("logger", `a Logger (missing ${method}())`);
    }
  }
  if (o["logLevel"] !== undefined && !isLogLevel(o["logLevel"])) {
    fail("logLevel", 'one of "debug", "info", "warn", "error"');
  }
  checkStringRecord("headers", o["headers"]);
  checkString("userAgentPrefix", o["userAgentPrefix"]);
  checkString("userAgentSuffix", o["userAgentSuffix"]);
  checkProxyOption(o["proxy"]);
  if (o["tls"] !== undefined && (typeof o["tls"] !== "object" || o["tls"] === null)) fail("tls", "an object");
  if (o["fetch"] !== undefined) {
    if (typeof o["fetch"] !== "function") fail("fetch", "a function");
    for (const name of ["proxy", "tls"]) {
      if (o[name] === undefined) continue;
      throw new TypeError(
        `SCIM client options "fetch" and "${name}" cannot be combined: "${name}" configures the built-in ` +
          `transport, which "fetch" replaces; configure the ${name === "proxy" ? "proxy" : "TLS settings"} on your fetch instead`,
      );
    }
  }
  const redact = o["redactHeaders"];
  if (redact !== undefined) {
    if (!Array.isArray(redact) || redact.some((name) => typeof name !== "string" || name === "")) {
      fail("redactHeaders", "an array of header names");
    }
  }
  validateRateLimitOption(o["rateLimit"]);
  if (o["logPII"] !== undefined && typeof o["logPII"] !== "boolean") fail("logPII", "a boolean");
  if (o["strictFilters"] !== undefined && typeof o["strictFilters"] !== "boolean")
    fail("strictFilters", "a boolean");
  if (o["allowVersionMismatch"] !== undefined && typeof o["allowVersionMismatch"] !== "boolean")
    fail("allowVersionMismatch", "a boolean");
}

/**
 * Refuses a client on the other version's base URL (`/scim/v1/` for `SCIM2Client`, `/scim/v2/` for
 * `SCIMClient`) unless `allowVersionMismatch` is set: a `TypeError` naming both.
 */
export function checkVersionMatch(client: string, version: 1 | 2, basePath: string, allow: boolean): void {
  const match = /\/scim\/v([12])(?:\/|$)/i.exec(basePath);
  if (match === null || allow || Number(match[1]) === version) return;
  const other = version === 1 ? { name: "SCIM2Client", spec: "2.0" } : { name: "SCIMClient", spec: "1.1" };
  throw new TypeError(
    `${client} speaks SCIM ${version === 1 ? "1.1" : "2.0"} but its baseUrl path "${basePath}" is a SCIM ` +
      `${other.spec} URL: use ${other.name} there, or set the option "allowVersionMismatch: true"`,
  );
}
