import type { HttpRequest, HttpResponse } from "../core/http.js";
import { BackoffRetryIntervalCalculator, type RetryIntervalCalculator } from "./interval-calculators.js";

/** What the retry loop knows about one call so far. */
export interface RetryState {
  /** Retries made so far: 0 while the first attempt is judged. */
  attempt: number;
  /** When the call started (`Date.now()`). */
  startedAt: number;
  /** Free space for handlers that keep their own bookkeeping. */
  custom: Map<string, unknown>;
}

/** One failed attempt, as the handlers see it: a `response` (status ≥ 400) or an `error` (no response). */
export interface RetryContext {
  /** The call's retry state. */
  state: RetryState;
  /** The request, with the token redacted. */
  request: HttpRequest;
  /** The error response, when one arrived. */
  response?: HttpResponse;
  /** The error, when no response arrived (a {@link SCIMRequestError}). */
  error?: Error;
}

/** Options every retry handler takes. */
export interface RetryHandlerOptions {
  /**
   * Retries this handler allows per call, counted over all handlers' retries.
   * @defaultValue 1
   */
  maxRetryCount?: number;
  /**
   * Delay before each retry.
   * @defaultValue new BackoffRetryIntervalCalculator({ backoffFactor: 500 }) (with random jitter)
   */
  intervalCalculator?: RetryIntervalCalculator;
}

/**
 * Decides whether a failed attempt is retried, and after how long. Handlers compute; the client's loop does
 * the waiting, so an `AbortSignal` cancels a wait. Subclass and override {@link RetryHandler.shouldRetry}.
 *
 * @example
 * ```ts
 * class RetryOnReset extends RetryHandler {
 *   protected override shouldRetry({ error }: RetryContext): boolean {
 *     return (error?.cause as { code?: string } | undefined)?.code === "ECONNRESET";
 *   }
 * }
 * ```
 */
export class RetryHandler {
  /** Retries this handler allows per call. */
  readonly maxRetryCount: number;
  /** Delay before each retry. */
  readonly intervalCalculator: RetryIntervalCalculator;

  constructor(options: RetryHandlerOptions = {}) {
    const maxRetryCount = options.maxRetryCount ?? 1;
    if (!Number.isInteger(maxRetryCount) || maxRetryCount < 0) {
      throw new RangeError(`${new.target.name}: maxRetryCount must be an integer >= 0`);
    }
    this.maxRetryCount = maxRetryCount;
    this.intervalCalculator = options.intervalCalculator ?? new BackoffRetryIntervalCalculator();
  }

  /** False once `maxRetryCount` retries were made; otherwise {@link RetryHandler.shouldRetry}. */
  canRetry(context: RetryContext): boolean {
    if (context.state.attempt >= this.maxRetryCount) return false;
    return this.shouldRetry(context);
  }

  /** Milliseconds to wait before the retry (pure: the loop sleeps). */
  delayFor(context: RetryContext): number {
    return this.intervalCalculator.calculate(context.state.attempt);
  }

  /** Whether this failure is one this handler retries. The base class retries nothing. */
  protected shouldRetry(_context: RetryContext): boolean {
    return false;
  }
}
