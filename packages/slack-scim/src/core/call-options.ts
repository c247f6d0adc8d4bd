/** Per-call options every method takes as its last argument. */
export interface CallOptions {
  /** Cancels the call, including any retry wait; the call rejects with `signal.reason`. */
  signal?: AbortSignal;
  /** Per-attempt timeout for this call, in milliseconds. */
  timeout?: number;
  /** Headers for this call only. */
  headers?: Record<string, string>;
}
