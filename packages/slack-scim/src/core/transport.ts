/** A request URL, kept in the pieces undici takes, so the hot path never parses a URL. */
export interface RequestTarget {
  /** `https://api.slack.com` */
  origin: string;
  /** Path and query, already percent-encoded: `/scim/v1/Users/W1?count=1`. */
  path: string;
  /** `origin + path` */
  href: string;
}

import { SCIMResponseError } from "./errors.js";

/** One HTTP exchange as the pipeline hands it to a transport. */
export interface TransportRequest {
  /** Upper-case method. */
  method: string;
  /** Where to send it. */
  target: RequestTarget;
  /** Headers to send, including the credentials. */
  headers: Record<string, string>;
  /** JSON text, when there is a body. */
  body: string | undefined;
  /**
   * The most body bytes to accept: past it (or when `Content-Length` says more) the exchange is aborted and
   * `response` rejects with {@link responseTooLarge}'s error.
   */
  maxResponseBytes: number;
}

/** The raw answer: status, lower-case headers and the whole body as text. */
export interface TransportResponse {
  /** HTTP status code. */
  statusCode: number;
  /** Response headers, lower-case names; repeated headers joined with `, `. */
  headers: Record<string, string>;
  /** The body as text, `""` when empty. */
  rawBody: string;
}

/** One exchange in progress. */
export interface Exchange {
  /** Settles with the complete response, or rejects with the underlying error (or the abort reason). */
  response: Promise<TransportResponse>;
  /** Cancels the exchange: `response` rejects with `reason` at once. */
  abort(reason: unknown): void;
}

/**
 * The only code that touches the network. Cancellation is a method rather than an `AbortSignal`: a signal
 * handed to undici costs about a third of a loopback request, and most calls never use it.
 */
export interface Transport {
  /** Starts one exchange. */
  send(request: TransportRequest): Exchange;
  /** Releases pooled connections. */
  close(): Promise<void>;
  /**
   * While the transport is still being set up (its module loading), a promise that settles when it is ready,
   * so an attempt's timeout does not count the load; `undefined` once ready, or for a transport that needs none.
   */
  ready?(): Promise<void> | undefined;
}

/**
 * The error a transport rejects with when a body is larger than the request's `maxResponseBytes`: a
 * {@link SCIMResponseError} naming the limit (the pipeline passes it on as it is, without retrying).
 */
export function responseTooLarge(
  request: TransportRequest,
  statusCode: number,
  headers: Record<string, string>,
  declared?: number,
): SCIMResponseError {
  let path = request.target.path;
  const query = path.indexOf("?");
  if (query >= 0) path = path.slice(0, query);
  const size =
    declared === undefined ? "body went past" : `declares ${declared} bytes (Content-Length), over`;
  return new SCIMResponseError(
    `SCIM response too large: ${statusCode} ${size} maxResponseBytes (${request.maxResponseBytes} bytes); the exchange was aborted, ${request.method} ${path}`,
    {
      response: { statusCode, headers, rawBody: "" },
      request: { method: request.method, url: request.target.href },
    },
  );
}

/** A `Content-Length` above `limit`, as a number; `undefined` when absent, unreadable or within the limit. */
export function declaredTooLarge(contentLength: string | undefined, limit: number): number | undefined {
  if (contentLength === undefined) return undefined;
  const declared = Number(contentLength);
  return declared > limit ? declared : undefined;
}

// Failures known to happen before a single byte of the request can have been sent: refused, unreachable, DNS,
// connect timeout, and a TLS handshake that failed on the server's certificate (the request goes only after it).
const beforeSendCodes = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EAI_NONAME",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EADDRNOTAVAIL",
  "UND_ERR_CONNECT_TIMEOUT",
  "ERR_TLS_CERT_ALTNAME_INVALID",
  "ERR_TLS_HANDSHAKE_TIMEOUT",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "CERT_HAS_EXPIRED",
  "CERT_NOT_YET_VALID",
  "CERT_UNTRUSTED",
  "CERT_REVOKED",
]);

/** The first `code` found along an error's `cause` chain (fetch wraps the socket error in a TypeError). */
export function errorCodeOf(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && typeof current === "object" && current !== null; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string") return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * False only when the error proves the request never left this machine (a code from the list of failures that
 * happen before sending). Anything else, an error without a code included (a custom `fetch`'s plain `Error`),
 * may have reached the server: a non-idempotent request is then never sent again blind.
 */
export function mayHaveReachedServer(error: unknown): boolean {
  const code = errorCodeOf(error);
  return code === undefined || !beforeSendCodes.has(code);
}
