/**
 * Limits the requests a client has in flight and can pause them all: after a 429, Slack's limits are org-wide,
 * so every concurrent call would only collect more 429s. Calls that wait get their slots in arrival order: a
 * freed slot is handed to the oldest waiting call, never taken by one that came later, and when a pause ends
 * the waiting calls leave oldest first.
 */
export class RequestQueue {
  readonly #limit: number;
  #active = 0;
  #pausedUntil = 0;
  /** What grants each waiting call its slot, oldest first. */
  readonly #waiting: (() => void)[] = [];
  /** Wakes the queue when a pause ends, while calls wait. */
  #timer: ReturnType<typeof setTimeout> | undefined;
  /** A hand-over is queued for the next microtask. */
  #draining = false;

  constructor(limit: number) {
    this.#limit = limit;
  }

  /** Takes a free slot at once when there is one, no one waits and no pause holds; the hot path, no promise. */
  tryAcquire(): boolean {
    if (this.#active >= this.#limit || this.#waiting.length > 0 || this.#pausedUntil > Date.now())
      return false;
    this.#active += 1;
    return true;
  }

  /** Waits for a slot, behind the calls already waiting and any pause. Rejects with `signal.reason` on abort. */
  acquire(signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (this.tryAcquire()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const grant = () => {
        signal?.removeEventListener("abort", onAbort);
        resolve();
      };
      const onAbort = () => {
        const index = this.#waiting.indexOf(grant);
        if (index >= 0) this.#waiting.splice(index, 1);
        if (this.#waiting.length === 0) this.#stopTimer();
        reject(signal?.reason);
      };
      this.#waiting.push(grant);
      signal?.addEventListener("abort", onAbort, { once: true });
      this.#drain();
    });
  }

  /**
   * Frees a slot: the oldest waiting call gets it, unless a pause holds. It is handed over on the next microtask,
   * so that a pause the caller starts right after (the 429 this request just got) holds it too.
   */
  release(): void {
    this.#active -= 1;
    if (this.#waiting.length === 0 || this.#draining) return;
    this.#draining = true;
    queueMicrotask(() => {
      this.#draining = false;
      this.#drain();
    });
  }

  /** Holds every request that has not started yet for `ms` milliseconds. */
  pause(ms: number): void {
    this.#pausedUntil = Math.max(this.#pausedUntil, Date.now() + ms);
  }

  /** Hands free slots to the waiting calls in order, or waits for the pause to end first. */
  #drain(): void {
    if (this.#waiting.length === 0) return;
    const pause = this.#pausedUntil - Date.now();
    if (pause > 0) {
      this.#timer ??= setTimeout(() => {
        this.#timer = undefined;
        this.#drain();
      }, pause);
      return;
    }
    while (this.#active < this.#limit && this.#waiting.length > 0) {
      this.#active += 1;
      this.#waiting.shift()?.();
    }
  }

  #stopTimer(): void {
    if (this.#timer === undefined) return;
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}
