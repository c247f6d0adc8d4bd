import type { Logger } from "../core/logger.js";
import type { RateLimitName } from "./slack-limits.js";

/** One request waiting in the limiter for its tokens. @internal */
export interface Waiter {
  /** Set when the request got its tokens. */
  granted: boolean;
  /** Set when the request gave up (its signal aborted) before. */
  cancelled: boolean;
  /** Called once with the clock's time when the request gets its tokens (after it started to wait). */
  resolve: ((at: number) => void) | undefined;
  /** The client's logger, for the limiter's lines about this request. */
  readonly logger: Logger;
}

/**
 * The requests of one kind (one set of limits: `writes` + `POST /Users`, say) waiting in arrival order, and
 * when the kind last had a turn.
 *
 * @internal
 */
export class KindQueue {
  readonly names: readonly RateLimitName[];
  /** The limiter's turn counter when this kind was last served; 0 before. Lowest goes first. */
  turn = 0;
  /** Waiters not yet granted nor cancelled. */
  size = 0;
  #items: Waiter[] = [];
  #head = 0;

  constructor(names: readonly RateLimitName[]) {
    this.names = names;
  }

  push(waiter: Waiter): void {
    this.#items.push(waiter);
    this.size += 1;
  }

  /** Removes and returns the oldest live waiter. Call only when `size > 0`. */
  shift(): Waiter | undefined {
    while (this.#head < this.#items.length) {
      const waiter = this.#items[this.#head];
      this.#head += 1;
      if (waiter !== undefined && !waiter.cancelled) {
        this.size -= 1;
        this.#compact();
        return waiter;
      }
    }
    return undefined;
  }

  /** The oldest live waiter, left in place. */
  peek(): Waiter | undefined {
    for (let i = this.#head; i < this.#items.length; i += 1) {
      const waiter = this.#items[i];
      if (waiter !== undefined && !waiter.cancelled) return waiter;
    }
    return undefined;
  }

  /** Marks `waiter` as gone; it is skipped when its turn comes. */
  cancel(waiter: Waiter): void {
    waiter.cancelled = true;
    this.size -= 1;
    if (this.size === 0) {
      this.#items = [];
      this.#head = 0;
    }
  }

  #compact(): void {
    if (this.size === 0) {
      this.#items = [];
      this.#head = 0;
    } else if (this.#head >= 256 && this.#head * 2 >= this.#items.length) {
      this.#items = this.#items.slice(this.#head);
      this.#head = 0;
    }
  }
}
