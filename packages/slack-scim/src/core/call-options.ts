/** Per-call options every method takes as its last argument; each reaches every request the call makes. */
export interface CallOptions {
  /** Cancels the call, including any retry wait; the call rejects with `signal.reason`. */
  signal?: AbortSignal;
  /** Per-attempt timeout for this call, in milliseconds (overrides the client's `timeout`). */
  timeout?: number;
  /** Headers for this call only. */
  headers?: Record<string, string>;
  /**
   * Milliseconds for the whole call: rate-limiter and queue waits, every attempt and retry wait, and the
   * lookups `createUser`/`createGroup` make after an unknown outcome. Past it the call rejects with a
   * `SCIMTimeoutError` whose `phase` is `"deadline"`. Overrides the client's `deadline`.
   */
  deadline?: number;
  /** The most response-body bytes this call accepts (overrides the client's `maxResponseBytes`). */
  maxResponseBytes?: number;
}
