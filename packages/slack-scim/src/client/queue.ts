import { sleep } from "../core/sleep.js";

/**
 * Limits the requests a client has in flight and can pause them all: after a 429, Slack's limits are org-wide,
 * so every concurrent call would only collect more 429s.
 */
export class RequestQueue {
  readonly #limit: number;
  #active = 0;
  #pausedUntil = 0;
  readonly #waiting: (() => void)[] = [];

  constructor(limit: number) {
    this.#limit = limit;
  }

  /** Takes a free slot at once when there is one and no pause; the hot path, without a promise. */
  tryAcquire(): boolean {
    if (this.#active >= this.#limit || this.#waiting.length > 0 || this.#pausedUntil > Date.now())
      return false;
    this.#active += 1;
    return true;
  }

  /** Waits for a free slot (and for any pause to end). Rejects with `signal.reason` on abort. */
  async acquire(signal?: AbortSignal): Promise<void> {
    for (;;) {
      const pause = this.#pausedUntil - Date.now();
      if (pause > 0) {
        await sleep(pause, signal);
        continue;
      }
      if (this.#active < this.#limit) {
        this.#active += 1;
        return;
      }
      await this.#waitForSlot(signal);
    }
  }

  /** Frees a slot taken by {@link RequestQueue.acquire}. */
  release(): void {
    this.#active -= 1;
    this.#waiting.shift()?.();
  }

  /** Holds every request that has not started yet for `ms` milliseconds. */
  pause(ms: number): void {
    this.#pausedUntil = Math.max(this.#pausedUntil, Date.now() + ms);
  }

  #waitForSlot(signal: AbortSignal | undefined): Promise<void> {
    return new Promise((resolve, reject) => {
      const wake = () => {
        signal?.removeEventListener("abort", onAbort);
        resolve();
      };
      const onAbort = () => {
        const index = this.#waiting.indexOf(wake);
        if (index >= 0) this.#waiting.splice(index, 1);
        reject(signal?.reason);
      };
      this.#waiting.push(wake);
      signal?.addEventListener("abort", onAbort, { once: true });
    });
  }
}
