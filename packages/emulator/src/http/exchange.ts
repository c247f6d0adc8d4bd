/**
 * What passes between an adapter (the `node:http` server, or in-process `fetch`) and the emulator's request
 * pipeline: plain data, so neither side needs to know the other's request or response classes.
 */

/** One request as an adapter received it. */
export interface IncomingRequest {
  /** The method as sent (`"PATCH"`); compared case-sensitively, as HTTP methods are. */
  readonly method: string;
  /**
   * The request target as sent on the request line: the raw path and query (`/scim/v2/Users/W1?x=1`), never
   * normalised, so `%2e%2e` or a backslash stays part of the segment it was sent in.
   */
  readonly target: string;
  /** `http://` + the `Host` the client used; the base of the `location` links in answers. */
  readonly origin: string;
  /** The request headers. */
  readonly headers: Headers;
  /** The body, or `null` when the request has none. */
  readonly body: ReadableStream<Uint8Array> | null;
  /** Aborted when the client goes away before the answer. */
  readonly signal: AbortSignal;
}

/** An answer: status, headers and the whole body as text (`""` for none). */
export interface Reply {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/**
 * How a connection is reset: before the request body is read, after the request was handled (no answer), or in
 * the middle of the answer's body (status and headers sent, then half the body).
 */
export type ResetMode = "before-body" | "after-body" | "mid-body";

/** What the adapter must do with the connection for one request. */
export type Outcome =
  /** Send `reply`; `close` ends the connection afterwards (its request body was abandoned part-way). */
  | { readonly kind: "reply"; readonly reply: Reply; readonly close: boolean }
  /** Reset the connection (TCP RST) without an answer. */
  | { readonly kind: "reset"; readonly mode: "before-body" | "after-body" }
  /** Send `reply`'s status, headers (announcing the whole length) and half its body, then reset. */
  | { readonly kind: "reset"; readonly mode: "mid-body"; readonly reply: Reply };
