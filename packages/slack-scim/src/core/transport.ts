/** One HTTP exchange as the pipeline hands it to a transport. */
export interface TransportRequest {
  /** Upper-case method. */
  method: string;
  /** Absolute URL. */
  url: URL;
  /** Headers to send, including the credentials. */
  headers: Record<string, string>;
  /** JSON text, when there is a body. */
  body: string | undefined;
  /** Aborts the exchange (caller's signal or the per-attempt timeout). */
  signal: AbortSignal;
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

/** The only code that touches the network. */
export interface Transport {
  /** Performs one exchange; rejects with the underlying error when no complete response arrives. */
  send(request: TransportRequest): Promise<TransportResponse>;
  /** Releases pooled connections. */
  close(): Promise<void>;
}

// Failures that happen before a single byte of the request can have been sent.
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
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "CERT_HAS_EXPIRED",
  "CERT_NOT_YET_VALID",
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

/** False only when the error proves the request never left this machine. */
export function mayHaveReachedServer(error: unknown): boolean {
  const code = errorCodeOf(error);
  return code === undefined || !beforeSendCodes.has(code);
}
