import { type Jitter, RandomJitter } from "./jitter.js";

/** Computes the delay before a retry. */
export interface RetryIntervalCalculator {
  /** Milliseconds to wait before retry number `attempt + 1` (`attempt` is 0 for the first retry). */
  calculate(attempt: number): number;
}

function checkMs(name: string, value: number): number {
  if (!Number.isFinite(value) || value < 0)
    throw new RangeError(`${name} must be a number of milliseconds >= 0`);
  return value;
}

/** The same delay before every retry. `new FixedValueRetryIntervalCalculator(0)` retries at once (tests). */
export class FixedValueRetryIntervalCalculator implements RetryIntervalCalculator {
  readonly #ms: number;

  /** @param ms - Delay in milliseconds. @defaultValue 500 */
  constructor(ms = 500) {
    this.#ms = checkMs("FixedValueRetryIntervalCalculator: ms", ms);
  }

  calculate(_attempt: number): number {
    return this.#ms;
  }
}

/** Options of {@link BackoffRetryIntervalCalculator}. */
export interface BackoffRetryIntervalCalculatorOptions {
  /**
   * Delay of the first retry, in milliseconds; each later retry doubles it.
   * @defaultValue 500
   */
  backoffFactor?: number;
  /**
   * Largest delay, in milliseconds, before jitter.
   * @defaultValue 30_000
   */
  maxInterval?: number;
  /**
   * Jitter added to each delay.
   * @defaultValue new RandomJitter()
   */
  jitter?: Jitter;
}

/** Exponential backoff: `backoffFactor × 2^attempt` ms, capped at `maxInterval`, plus jitter. */
export class BackoffRetryIntervalCalculator implements RetryIntervalCalculator {
  readonly #backoffFactor: number;
  readonly #maxInterval: number;
  readonly #jitter: Jitter;

  constructor(options: BackoffRetryIntervalCalculatorOptions = {}) {
    this.#backoffFactor = checkMs(
      "BackoffRetryIntervalCalculator: backoffFactor",
      options.backoffFactor ?? 500,
    );
    this.#maxInterval = checkMs("BackoffRetryIntervalCalculator: maxInterval", options.maxInterval ?? 30_000);
    this.#jitter = options.jitter ?? new RandomJitter();
  }

  calculate(attempt: number): number {
    const base = Math.min(this.#backoffFactor * 2 ** attempt, this.#maxInterval);
    return this.#jitter.recalculate(base);
  }
}
