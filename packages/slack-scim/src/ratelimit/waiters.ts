import type { Logger } from "../core/logger.js";
import type { RateLimitName } from "./slack-limits.js";

/** One request waiting in the limiter for its tokens. @internal */
export interface Waiter {
  /** Set when the request got its tokens. */
  granted: boolean;
  /** Set when the request gave up (its signal aborted, or the store could not be reached) before. */
  cancelled: boolean;
  /** Called once with the clock's time when the request gets its tokens (after it started to wait). */
  resolve: ((at: number) => void) | undefined;
  /** Called once when the request will not get its tokens (after it started to wait). */
  reject: ((reason: unknown) => void) | undefined;
  /** The client's logger, for the limiter's lines about this request. */
  readonly logger: Logger;
  /** The request, for log lines (`POST /scim/v2/Users`). */
  readonly what: string;
  /** Its kind's queue. */
  readonly queue: KindQueue;
  /** When it asked (the limiter's clock). */
  readonly since: number;
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

  /** The next live waiter after `waiter` (which must be in this queue), left in place. */
  peekAfter(waiter: Waiter): Waiter | undefined {
    const at = this.#items.indexOf(waiter, this.#head);
    for (let i = at + 1; at >= 0 && i < this.#items.length; i += 1) {
      const next = this.#items[i];
      if (next !== undefined && !next.cancelled) return next;
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
