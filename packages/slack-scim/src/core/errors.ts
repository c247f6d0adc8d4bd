import type { HttpResponse } from "./http.js";

/**
 * Stable error codes, one per error class (`err.code === ErrorCode.RateLimitedError`).
 *
 * @enum
 */
export const ErrorCode = Object.freeze({
  /** {@link SCIMRequestError}: the request got no HTTP answer (connection refused or reset, DNS, TLS, aborted). */
  RequestError: "slack_scim_request_error",
  /** {@link SCIMTimeoutError}: an attempt or the whole call ran past its `timeout` or `deadline`. */
  TimeoutError: "slack_scim_timeout_error",
  /** {@link SCIMWaitTimeoutError}: `waitForUser` gave up, no read matched in time. */
  WaitTimeoutError: "slack_scim_wait_timeout_error",
  /** {@link SCIMHTTPError}: an answer outside 2xx (a 3xx, 4xx or 5xx) that was not retried. */
  HTTPError: "slack_scim_http_error",
  /** {@link SCIMRateLimitedError}: a 429 (rate limited) that was not retried. */
  RateLimitedError: "slack_scim_rate_limited_error",
  /** {@link SCIMResponseError}: a 2xx answer whose body is not JSON or not the shape the method needs. */
  ResponseError: "slack_scim_response_error",
  /** {@link SCIMFilterError}: a filter that breaks the grammar or that Slack refuses, thrown before sending. */
  FilterError: "slack_scim_filter_error",
  /** {@link PatchPathError}: a malformed or refused PATCH path, thrown before sending. */
  PatchPathError: "slack_scim_patch_path_error",
  /** {@link SyncInputError}: the desired-users file did not validate. */
  SyncInputError: "slack_scim_sync_input_error",
  /** {@link SyncRefusedError}: a guard rail refused the plan before anything was applied. */
  SyncRefusedError: "slack_scim_sync_refused_error",
  /** {@link SCIMRateLimitStoreError}: the shared rate-limit store could not be reached in time. */
  RateLimitStoreError: "slack_scim_rate_limit_store_error",
} as const);

/** One of the values of {@link ErrorCode}. */
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** The request an error belongs to: method and URL only, never headers. */
export interface ErrorRequest {
  /** Upper-case HTTP method. */
  method: string;
  /** Absolute URL. */
  url: string;
}

/** Base of every error this package throws; `code` tells them apart across package copies. */
export abstract class SCIMError extends Error {
  /** Stable code, one of {@link ErrorCode}. */
  abstract readonly code: ErrorCode;
  /**
   * Set by `createUser` and `createGroup` when they reject: the resource that holds the name or email (a `User`
   * or `Group`), when their lookup found one that is not theirs; otherwise `undefined`.
   */
  existing: unknown = undefined;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/**
 * No HTTP response arrived: connection refused or reset, DNS, TLS, or a socket that closed mid-answer.
 * `cause` is the transport's error.
 */
export class SCIMRequestError extends SCIMError {
  override readonly code: ErrorCode = ErrorCode.RequestError;
  /** The request that failed. */
  readonly request: ErrorRequest;
  /**
   * `false` only when the request certainly never reached the server (refused, DNS, connect timeout), so a
   * non-idempotent request can be sent again without risk of doing it twice.
   */
  readonly mayHaveReachedServer: boolean;

  constructor(
    message: string,
    init: { request: ErrorRequest; mayHaveReachedServer: boolean; cause?: unknown },
  ) {
    super(message, { cause: init.cause });
    this.request = init.request;
    this.mayHaveReachedServer = init.mayHaveReachedServer;
  }
}

/** Which bound a {@link SCIMTimeoutError} met: one attempt's `timeout`, or the whole call's `deadline`. */
export type TimeoutPhase = "attempt" | "deadline";

/**
 * A time bound ran out. `phase: "attempt"`: the per-attempt `timeout` fired before the response was complete.
 * `phase: "deadline"`: the call's `deadline` (limiter and queue waits, retries, recovery lookups) passed; the
 * call released its queue slot and gave back any rate-limit token it had not used.
 */
export class SCIMTimeoutError extends SCIMRequestError {
  override readonly code: ErrorCode = ErrorCode.TimeoutError;
  /** The bound that ran out, in milliseconds (the `timeout` or the `deadline`). */
  readonly timeout: number;
  /** `"attempt"` for the per-attempt `timeout`, `"deadline"` for the whole call's `deadline`. */
  readonly phase: TimeoutPhase;

  constructor(
    message: string,
    init: { request: ErrorRequest; timeout: number; phase?: TimeoutPhase; cause?: unknown },
  ) {
    super(message, { request: init.request, mayHaveReachedServer: true, cause: init.cause });
    this.timeout = init.timeout;
    this.phase = init.phase ?? "attempt";
  }
}

/** Fields parsed from a SCIM error body of either version. */
export interface SCIMErrorDetail {
  /** Slack's description (1.1 `Errors.description` or 2.0 `detail`), e.g. `username_taken (user=W1)`. */
  detail?: string;
  /** Slack's code, the description's first token (`username_taken`), when it is one. */
  errorCode?: string;
  /** RFC 7644 `scimType`, when sent. */
  scimType?: string;
}

/**
 * A response outside 2xx, after the retry handlers had their chance: 400 and above, and every 3xx (redirects are
 * never followed, so a 3xx means the request was not applied where it was sent).
 */
export class SCIMHTTPError extends SCIMError {
  override readonly code: ErrorCode = ErrorCode.HTTPError;
  /** HTTP status code. */
  readonly statusCode: number;
  /** Response headers, lower-case names. */
  readonly headers: Record<string, string>;
  /** Parsed error body, or `undefined` when it was empty or not JSON. */
  readonly body: unknown;
  /** The whole response. */
  readonly response: HttpResponse;
  /** The request: method and URL only. */
  readonly request: ErrorRequest;
  /** Slack's description as sent, e.g. `username_taken (user=W1)`. */
  readonly detail: string | undefined;
  /** RFC 7644 `scimType`, when sent. */
  readonly scimType: string | undefined;
  /** Slack's error code: the description's first token, e.g. `username_taken`. */
  readonly errorCode: string | undefined;
  constructor(message: string, init: { response: HttpResponse; request: ErrorRequest } & SCIMErrorDetail) {
    super(message);
    this.statusCode = init.response.statusCode;
    this.headers = init.response.headers;
    this.body = init.response.body;
    this.response = init.response;
    this.request = init.request;
    this.detail = init.detail;
    this.scimType = init.scimType;
    this.errorCode = init.errorCode;
  }
}

/** A 429 that was not retried (handlers gave up, or `rejectRateLimitedCalls` is set). */
export class SCIMRateLimitedError extends SCIMHTTPError {
  override readonly code: ErrorCode = ErrorCode.RateLimitedError;
  /** Seconds to wait, from `Retry-After` (seconds or an HTTP date); `undefined` when absent. */
  readonly retryAfter: number | undefined;

  constructor(
    message: string,
    init: { response: HttpResponse; request: ErrorRequest; retryAfter: number | undefined } & SCIMErrorDetail,
  ) {
    super(message, init);
    this.retryAfter = init.retryAfter;
  }
}

/** A 2xx response whose body is not what the method needs (not JSON, or the wrong shape). */
export class SCIMResponseError extends SCIMError {
  override readonly code: ErrorCode = ErrorCode.ResponseError;
  /** The response as received. */
  readonly response: HttpResponse;
  /** The request: method and URL only. */
  readonly request: ErrorRequest;

  constructor(message: string, init: { response: HttpResponse; request: ErrorRequest; cause?: unknown }) {
    super(message, { cause: init.cause });
    this.response = init.response;
    this.request = init.request;
  }
}

/**
 * The shared rate-limit store (`rateLimit.store`) could not be reached for as long as `rateLimit.storeTimeout`
 * while a write waited for its tokens: the write was not sent (`onStoreError: "reject"`, the default).
 */
export class SCIMRateLimitStoreError extends SCIMError {
  override readonly code: ErrorCode = ErrorCode.RateLimitStoreError;
  /** The store's name (e.g. `redis 127.0.0.1:6379`). */
  readonly store: string;

  constructor(message: string, init: { store: string; cause?: unknown }) {
    super(message, { cause: init.cause });
    this.store = init.store;
  }
}

/** The last resource `waitForUser` read: a `User` (typed loosely here so the error classes depend on no model). */
export interface WaitedResource {
  /** Slack's id of the resource. */
  id?: string;
  /** Whether the user is active. */
  active?: boolean;
  /** Every other attribute, as read. */
  [key: string]: unknown;
}

/**
 * `waitForUser` gave up: no read satisfied the predicate in time. Not a {@link SCIMTimeoutError} (that one means
 * one request got no answer); its own code is `slack_scim_wait_timeout_error`.
 */
export class SCIMWaitTimeoutError extends SCIMError {
  override readonly code: ErrorCode = ErrorCode.WaitTimeoutError;
  /** The last read: method and URL. */
  readonly request: ErrorRequest;
  /** The whole wait allowed, in milliseconds. */
  readonly timeout: number;
  /** The last user read (`undefined` when no read returned one). */
  readonly lastValue: WaitedResource | undefined;

  constructor(
    message: string,
    init: { request: ErrorRequest; timeout: number; lastValue: WaitedResource | undefined; cause?: unknown },
  ) {
    super(message, { cause: init.cause });
    this.request = init.request;
    this.timeout = init.timeout;
    this.lastValue = init.lastValue;
  }
}

/**
 * A filter that breaks the SCIM grammar, or uses an attribute or operator Slack does not accept: thrown before
 * any request is sent.
 */
export class SCIMFilterError extends TypeError {
  /** Stable code: `slack_scim_filter_error`. */
  readonly code: ErrorCode = ErrorCode.FilterError;
  /** The filter text as it would have been sent. */
  readonly filter: string;
  /** 0-based offset into `filter` where the problem starts, when it has one place. */
  readonly position: number | undefined;
  /** The attribute refused by Slack's attribute check, when that is the problem. */
  readonly attribute: string | undefined;

  constructor(filter: string, reason: string, where: { position?: number; attribute?: string } = {}) {
    const at = where.position === undefined ? "" : ` at position ${where.position}`;
    const caret = where.position === undefined ? "" : `\n  ${filter}\n  ${" ".repeat(where.position)}^`;
    super(`Invalid SCIM filter ${JSON.stringify(filter)}${at}: ${reason}${caret}`);
    this.name = "SCIMFilterError";
    this.filter = filter;
    this.position = where.position;
    this.attribute = where.attribute;
  }
}

/**
 * A malformed or refused PATCH path (a `TypeError`, thrown before any request); `position` is the 0-based offset
 * of the problem.
 */
export class PatchPathError extends TypeError {
  /** Stable code: `slack_scim_patch_path_error`. */
  readonly code: ErrorCode = ErrorCode.PatchPathError;
  /** The path as given. */
  readonly path: string;
  /** 0-based offset into `path` where the problem starts. */
  readonly position: number;

  constructor(path: string, position: number, reason: string) {
    super(`Invalid PATCH path ${JSON.stringify(path)} at position ${position}: ${reason}`);
    this.name = "PatchPathError";
    this.path = path;
    this.position = position;
  }
}

/** One problem in a sync input file: where it is and what is wrong. */
export interface SyncInputIssue {
  /** The file (or the name given for a stream), as passed. */
  file: string;
  /** 1-based line where the record starts (for a JSON array, the line where the element starts). */
  line: number;
  /** The column's header (CSV) or key (JSON), when the problem is in one field. */
  column?: string;
  /** 1-based field position in a CSV record, when the problem is in one field. */
  columnNumber?: number;
  /** What is wrong, in one sentence. */
  message: string;
}

/**
 * A sync input (CSV, NDJSON or JSON) that does not validate: every problem found, up to a limit, each with its
 * file, line and column. Nothing is planned or applied from such a file.
 */
export class SyncInputError extends SCIMError {
  override readonly code: ErrorCode = ErrorCode.SyncInputError;
  /** The problems, in file order (at most the limit asked for). */
  readonly issues: readonly SyncInputIssue[];
  /** `true` when more problems were found than `issues` holds. */
  readonly truncated: boolean;

  constructor(issues: readonly SyncInputIssue[], truncated: boolean) {
    const where = (i: SyncInputIssue) =>
      `${i.file}:${i.line}${i.columnNumber === undefined ? "" : `:${i.columnNumber}`}` +
      `${i.column === undefined ? "" : ` (${i.column})`}`;
    const lines = issues.map((i) => `  ${where(i)}: ${i.message}`);
    const more = truncated ? "\n  … and more; fix these and read the file again" : "";
    const count = `${issues.length}${truncated ? "+" : ""} problem${issues.length === 1 && !truncated ? "" : "s"}`;
    super(`Sync input is not valid (${count}); nothing was planned:\n${lines.join("\n")}${more}`);
    this.issues = issues;
    this.truncated = truncated;
  }
}

/** Why {@link SyncRefusedError} refused a plan. */
export type SyncRefusal =
  | "maxDeactivations"
  | "maxChanges"
  | "massDeactivation"
  | "baseUrl"
  | "maxAge"
  | "journal";

/**
 * `applyPlan` refused to start: a guard rail (too many deactivations or changes, a plan that would deactivate
 * most of its scope), a plan made against another base URL or too long ago, or a journal of another plan.
 * Thrown before any step is applied.
 */
export class SyncRefusedError extends SCIMError {
  override readonly code: ErrorCode = ErrorCode.SyncRefusedError;
  /** Which rule refused the plan. */
  readonly reason: SyncRefusal;
  /** The plan's figure the rule looked at (deactivations, changes, age in ms), when it is a number. */
  readonly actual: number | undefined;
  /** The limit it exceeded, when it is a number. */
  readonly limit: number | undefined;

  constructor(message: string, init: { reason: SyncRefusal; actual?: number; limit?: number }) {
    super(message);
    this.reason = init.reason;
    this.actual = init.actual;
    this.limit = init.limit;
  }
}

/**
 * True for any error of this package, even from another installed copy of it: the {@link SCIMError} tree and
 * the two `TypeError`s thrown before a request ({@link SCIMFilterError}, {@link PatchPathError}).
 */
export function isSCIMError(error: unknown): error is SCIMError | SCIMFilterError | PatchPathError {
  const code = (error as { code?: unknown } | null)?.code;
  return error instanceof Error && typeof code === "string" && code.startsWith("slack_scim_");
}
