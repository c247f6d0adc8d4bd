import type { FetchLike } from "../core/fetch-transport.js";
import { isLogLevel, type Logger, type LogLevel } from "../core/logger.js";
import type { TLSOptions } from "../core/undici-transport.js";
import { type RateLimitOption, validateRateLimitOption } from "../ratelimit/options.js";
import type { RetryHandler } from "../retry/handler.js";

/** Options of `SCIMClient` and `SCIM2Client`, read once in the constructor. */
export interface SCIMClientOptions {
  /**
   * Base URL of the SCIM API; a trailing `/` is optional; `undefined` or `""` mean the default.
   * @defaultValue `https://api.slack.com/scim/v1/` (1.1) or `https://api.slack.com/scim/v2/` (2.0)
   */
  baseUrl?: string | undefined;
  /**
   * Milliseconds one attempt may take, response body included; expiry rejects with `SCIMTimeoutError`.
   * @defaultValue 30_000
   */
  timeout?: number;
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
   * Headers added to every request (a per-call header of the same name wins; the client's own `Authorization`, `User-Agent`, `Accept` and `Content-Type` always win).
   * @defaultValue {}
   */
  headers?: Record<string, string>;
  /** Text put before the User-Agent, e.g. `my-idp/1.2`. */
  userAgentPrefix?: string;
  /** Text put after the User-Agent. */
  userAgentSuffix?: string;
  /**
   * Proxy URL for the built-in transport.
   * @defaultValue from `HTTPS_PROXY`/`HTTP_PROXY`, honouring `NO_PROXY`
   */
  proxy?: string;
  /** TLS settings for the built-in transport: extra CAs, client certificate, verification. */
  tls?: TLSOptions;
  /** A `fetch`-compatible function used instead of the built-in undici transport. */
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
}

// Derived from the interface: adding an option without listing it here is a compile error, and so is the reverse.
const knownOptions = {
  baseUrl: true,
  timeout: true,
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
} as const satisfies Record<keyof SCIMClientOptions, true>;
const known: ReadonlySet<string> = new Set(Object.keys(knownOptions));

function fail(name: string, expected: string): never {
  throw new TypeError(`SCIM client option "${name}" must be ${expected}`);
}

/** Milliseconds: a finite number > 0 (TypeError for a non-number, RangeError out of range). */
export function checkTimeout(name: string, value: unknown): number {
  if (typeof value !== "number" || Number.isNaN(value)) fail(name, "a number of milliseconds");
  if (!(value > 0) || !Number.isFinite(value))
    throw new RangeError(`SCIM client option "${name}" must be > 0`);
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
  if (o["proxy"] !== undefined && (typeof o["proxy"] !== "string" || !URL.canParse(o["proxy"]))) {
    fail("proxy", "an absolute URL");
  }
  if (o["tls"] !== undefined && (typeof o["tls"] !== "object" || o["tls"] === null)) fail("tls", "an object");
  if (o["fetch"] !== undefined && typeof o["fetch"] !== "function") fail("fetch", "a function");
  validateRateLimitOption(o["rateLimit"]);
  if (o["strictFilters"] !== undefined && typeof o["strictFilters"] !== "boolean")
    fail("strictFilters", "a boolean");
}
