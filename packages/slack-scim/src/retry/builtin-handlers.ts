import { SCIMRequestError, SCIMTimeoutError } from "../core/errors.js";
import { parseRetryAfter } from "../core/retry-after.js";
import { type RetryContext, RetryHandler, type RetryHandlerOptions } from "./handler.js";
import { type Jitter, RandomJitter } from "./jitter.js";

const idempotentMethods: readonly string[] = ["GET", "HEAD", "OPTIONS", "PUT", "DELETE"];

/**
 * Retries requests that got no response (reset, refused, DNS). A `POST` or `PATCH` is retried only when it
 * certainly never reached the server: a create is never sent twice blind. Our own timeouts are not retried
 * (a server that hangs once tends to hang again; add a custom handler if you want that).
 */
export class ConnectionErrorRetryHandler extends RetryHandler {
  protected override shouldRetry({ error, request }: RetryContext): boolean {
    if (!(error instanceof SCIMRequestError) || error instanceof SCIMTimeoutError) return false;
    return idempotentMethods.includes(request.method) || !error.mayHaveReachedServer;
  }
}

/** Retries of a 429 a {@link RateLimitErrorRetryHandler} allows unless told otherwise. */
const defaultRateLimitRetries = 20;

/** Options of {@link RateLimitErrorRetryHandler}. */
export interface RateLimitErrorRetryHandlerOptions extends RetryHandlerOptions {
  /**
   * Retries allowed per call, counted over all handlers' retries. A 429 was not applied, so retrying is always
   * safe; 20 lets a burst of 100 creates against Slack's limits (20 at once, then 3 a second) succeed without
   * a client-side limiter, each retry after the `Retry-After` Slack sent. Bound the time with `timeout` per
   * attempt and `deadline` per call.
   * @defaultValue 20
   */
  maxRetryCount?: number;
  /**
   * Jitter added to the `Retry-After` delay.
   * @defaultValue new RandomJitter({ max: 1000 })
   */
  jitter?: Jitter;
  /**
   * Longest wait, in milliseconds. A `Retry-After` beyond it is not waited for: the call rejects with
   * {@link SCIMRateLimitedError} and its `retryAfter`, so the caller decides.
   * @defaultValue 60_000
   */
  maxRetryAfter?: number;
}

/**
 * Retries a 429 after `Retry-After` (seconds or an HTTP date) plus jitter, up to 20 times by default. Safe for
 * every method: Slack did not apply a rate-limited request. Without the header it falls back to the interval
 * calculator.
 */
export class RateLimitErrorRetryHandler extends RetryHandler {
  readonly #jitter: Jitter;
  readonly #maxRetryAfter: number;

  constructor(options: RateLimitErrorRetryHandlerOptions = {}) {
    super({ ...options, maxRetryCount: options.maxRetryCount ?? defaultRateLimitRetries });
    const maxRetryAfter = options.maxRetryAfter ?? 60_000;
    if (!Number.isFinite(maxRetryAfter) || maxRetryAfter < 0) {
      throw new RangeError("RateLimitErrorRetryHandler: maxRetryAfter must be a number of milliseconds >= 0");
    }
    this.#maxRetryAfter = maxRetryAfter;
    this.#jitter = options.jitter ?? new RandomJitter();
  }

  protected override shouldRetry({ response }: RetryContext): boolean {
    if (response?.statusCode !== 429) return false;
    const seconds = parseRetryAfter(response.headers["retry-after"]);
    return seconds === undefined || seconds * 1000 <= this.#maxRetryAfter;
  }

  override delayFor(context: RetryContext): number {
    const seconds = parseRetryAfter(context.response?.headers["retry-after"]);
    if (seconds === undefined) return super.delayFor(context);
    return Math.min(this.#jitter.recalculate(seconds * 1000), this.#maxRetryAfter);
  }
}

/** Options of {@link ServerErrorRetryHandler}. */
export interface ServerErrorRetryHandlerOptions extends RetryHandlerOptions {
  /**
   * Methods retried. A `POST` that got a 5xx may still have created the user, so it is left out.
   * @defaultValue ["GET", "HEAD", "OPTIONS", "PUT", "DELETE"]
   */
  methods?: readonly string[];
  /**
   * Status codes retried.
   * @defaultValue [500, 502, 503, 504]
   */
  statusCodes?: readonly number[];
}

/** Retries 500, 502, 503 and 504 for idempotent methods. */
export class ServerErrorRetryHandler extends RetryHandler {
  readonly #methods: readonly string[];
  readonly #statusCodes: readonly number[];

  constructor(options: ServerErrorRetryHandlerOptions = {}) {
    super(options);
    this.#methods = (options.methods ?? idempotentMethods).map((method) => method.toUpperCase());
    this.#statusCodes = options.statusCodes ?? [500, 502, 503, 504];
  }

  protected override shouldRetry({ response, request }: RetryContext): boolean {
    return (
      response !== undefined &&
      this.#statusCodes.includes(response.statusCode) &&
      this.#methods.includes(request.method)
    );
  }
}

/**
 * The handlers a client uses unless told otherwise: connection errors (one retry) and rate limits (up to 20
 * retries, each after `Retry-After`).
 */
export function defaultRetryHandlers(): RetryHandler[] {
  return [new ConnectionErrorRetryHandler(), new RateLimitErrorRetryHandler()];
}

/** Every built-in handler: connection errors, rate limits and server errors. */
export function allBuiltinRetryHandlers(): RetryHandler[] {
  return [...defaultRetryHandlers(), new ServerErrorRetryHandler()];
}
