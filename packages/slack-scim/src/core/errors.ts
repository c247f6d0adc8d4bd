import type { HttpResponse } from "./http.js";

/** Stable error codes, one per error class (`err.code === ErrorCode.RateLimitedError`). */
export const ErrorCode = Object.freeze({
  RequestError: "slack_scim_request_error",
  TimeoutError: "slack_scim_timeout_error",
  WaitTimeoutError: "slack_scim_wait_timeout_error",
  HTTPError: "slack_scim_http_error",
  RateLimitedError: "slack_scim_rate_limited_error",
  ResponseError: "slack_scim_response_error",
  FilterError: "slack_scim_filter_error",
  PatchPathError: "slack_scim_patch_path_error",
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

/** The per-attempt `timeout` fired before the response was complete. */
export class SCIMTimeoutError extends SCIMRequestError {
  override readonly code: ErrorCode = ErrorCode.TimeoutError;
  /** The timeout that fired, in milliseconds. */
  readonly timeout: number;

  constructor(message: string, init: { request: ErrorRequest; timeout: number; cause?: unknown }) {
    super(message, { request: init.request, mayHaveReachedServer: true, cause: init.cause });
    this.timeout = init.timeout;
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

/** A response with status 400 or above, after the retry handlers had their chance. */
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

/**
 * True for any error of this package, even from another installed copy of it: the {@link SCIMError} tree and
 * the two `TypeError`s thrown before a request ({@link SCIMFilterError}, {@link PatchPathError}).
 */
export function isSCIMError(error: unknown): error is SCIMError | SCIMFilterError | PatchPathError {
  const code = (error as { code?: unknown } | null)?.code;
  return error instanceof Error && typeof code === "string" && code.startsWith("slack_scim_");
}
