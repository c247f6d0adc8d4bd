/**
 * A request as the retry handlers see it: the values of `Authorization`, `Proxy-Authorization`, `Cookie` and
 * the client's `redactHeaders` are already redacted.
 */
export interface HttpRequest {
  /** Upper-case HTTP method. */
  method: string;
  /** Absolute URL. */
  url: string;
  /** Request headers, lower-case names, credential headers redacted (`"[REDACTED]"`). */
  headers: Record<string, string>;
  /** The JSON body as sent, when there is one. */
  body?: string;
}

/** A response as the retry handlers and errors see it. */
export interface HttpResponse {
  /** HTTP status code. */
  statusCode: number;
  /** Response headers with lower-case names. */
  headers: Record<string, string>;
  /** Parsed JSON body, or `undefined` when the body is empty or not JSON. */
  body?: unknown;
  /** The body as text, `""` when empty. */
  rawBody: string;
}
