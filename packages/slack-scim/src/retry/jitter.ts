/** Spreads retry delays so many clients do not retry in lockstep. */
export interface Jitter {
  /** Returns the delay to use, in milliseconds, given the computed one. */
  recalculate(ms: number): number;
}

/** Options of {@link RandomJitter}. */
export interface RandomJitterOptions {
  /**
   * Largest delay added, in milliseconds.
   * @defaultValue 1000
   */
  max?: number;
  /**
   * Source of randomness in [0, 1); inject one to make delays predictable in tests.
   * @defaultValue Math.random
   */
  random?: () => number;
}

/** Adds a random delay between 0 and `max` milliseconds (the Python SDK's `RandomJitter`, in ms). */
export class RandomJitter implements Jitter {
  readonly #max: number;
  readonly #random: () => number;

  constructor(options: RandomJitterOptions = {}) {
    const max = options.max ?? 1000;
    if (!Number.isFinite(max) || max < 0) throw new RangeError("RandomJitter: max must be a number >= 0");
    this.#max = max;
    this.#random = options.random ?? Math.random;
  }

  recalculate(ms: number): number {
    return ms + this.#random() * this.#max;
  }
}
