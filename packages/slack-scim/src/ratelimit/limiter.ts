import type { Logger } from "../core/logger.js";
import { type LimiterClock, systemClock } from "./clock.js";
import { MemoryBuckets } from "./memory-buckets.js";
import { ResourceWrites, type WriteInFlight } from "./resource-writes.js";
import type { RateLimitName, RateLimitRules } from "./slack-limits.js";
import { KindQueue, type Waiter } from "./waiters.js";

export type { WriteInFlight } from "./resource-writes.js";
export type { RateLimitRules } from "./slack-limits.js";

/**
 * The longest `Retry-After` the limiter and a client's request queue honour, in milliseconds: 60 s, the default
 * `maxRetryAfter` of `RateLimitErrorRetryHandler`. A longer one (a server may say a day) still rejects
 * or delays the call that met it as its retry handler decides, but holds back the other calls of the org budget
 * and of the client only this long, with a warning: a single answer must not stall every client on a token for
 * a day. After it, the limiter resumes at its slowed rate, and a further 429 slows it again.
 */
export const maxHonouredRetryAfterMs = 60_000;

/**
 * Token buckets for one org budget (one token and host), shared by the clients of that budget. A request counts
 * against its org-wide set (`writes` or `reads`) and its endpoint row, and leaves only when every one of those
 * buckets has a token: it then takes them all at that instant. Nothing is reserved ahead, so a request that waits
 * for its own endpoint never holds an org-wide token that another kind could use now: the throughput of any mix
 * is the smallest of the budgets (each endpoint's, capped by the org's).
 *
 * Order: requests of one kind (one endpoint row) leave in the order they asked. Kinds take turns for the
 * org-wide budget: each token goes to the kind that has waited longest since its last turn, among those whose
 * own limit has a token; a kind its own limit holds back does not hold back the others. So every kind gets an
 * equal share of the org budget, up to its own limit, and none starves. Reads and writes have separate budgets
 * and never wait for each other.
 *
 * After a 429 ({@link RateLimiter.rateLimited}) each limit the call counted against is empty until its
 * `Retry-After` (at most {@link maxHonouredRetryAfterMs}) has passed, refills only from then on, at half the
 * rate, and climbs back to the published rate. Requests waiting for a token wait behind it; requests that had
 * their tokens but had not left yet (waiting for a slot in their client's queue) queue again
 * ({@link RateLimiter.slowedSince}). So nothing leaves inside the `Retry-After`, and what leaves after it is
 * paced, never a burst. The 429s of requests that were already on their way count as one.
 *
 * A 429 on a write to one user or group while another write to the same one was in flight (tracked here over
 * every client of the budget: {@link RateLimiter.beginWrite}) is Slack's per-resource lock: the pipeline does
 * not report it here.
 *
 * @internal
 */
export class RateLimiter {
  readonly #buckets: MemoryBuckets;
  readonly #clock: LimiterClock;
  readonly #writes = new ResourceWrites();
  /** Waiting requests per kind (key: the limit names joined). */
  readonly #queues = new Map<string, KindQueue>();
  /** Waiting requests per limit, for the log's wait estimates. */
  readonly #waitingOn = new Map<RateLimitName, number>();
  /** Waiting requests over every kind. */
  #waiting = 0;
  #turns = 0;
  #timer: unknown;
  #timerAt = Number.POSITIVE_INFINITY;

  constructor(rules: RateLimitRules, clock: LimiterClock = systemClock) {
    this.#buckets = new MemoryBuckets(rules);
    this.#clock = clock;
  }

  /**
   * Waits until the request can take a token from each bucket in `names`, and takes them. Returns `undefined`
   * when they were there at once (the caller need not await), else the wait, which an abort cancels (nothing is
   * taken) and which resolves with the clock's time when the tokens were taken: pass that to
   * {@link RateLimiter.slowedSince} before sending.
   */
  acquire(
    names: readonly RateLimitName[],
    signal: AbortSignal | undefined,
    logger: Logger,
    what: string,
  ): Promise<number> | undefined {
    const key = names.join("\n");
    let queue = this.#queues.get(key);
    if (queue === undefined) {
      queue = new KindQueue(names);
      this.#queues.set(key, queue);
    }
    const waiter: Waiter = { granted: false, cancelled: false, resolve: undefined, logger };
    this.#enqueue(queue, waiter);
    const now = this.#dispatch(logger);
    if (waiter.granted) return undefined;
    if (signal?.aborted) {
      this.#cancel(queue, waiter);
      return Promise.reject(signal.reason);
    }
    const { ms, name } = this.#buckets.estimate(names, (limit) => (this.#waitingOn.get(limit) ?? 1) - 1, now);
    const rounded = Math.ceil(ms);
    const line = `rate limit: ${what} waits ${rounded} ms for "${name}"`;
    if (rounded >= 1000) logger.info(line);
    else logger.debug(line);
    return new Promise<number>((resolve, reject) => {
      const onAbort = () => {
        this.#cancel(queue, waiter);
        reject(signal?.reason);
      };
      waiter.resolve = (at) => {
        signal?.removeEventListener("abort", onAbort);
        resolve(at);
      };
      signal?.addEventListener("abort", onAbort, { once: true });
    });
  }

  /** The request that took tokens from `names` has its answer (or failed): it no longer counts as pending. */
  settle(names: readonly RateLimitName[]): void {
    this.#buckets.settle(names, this.#clock.now());
  }

  /**
   * Whether a 429 slowed any bucket in `names` down after `grantedAt` (when this request got its tokens). A
   * request that got its tokens before a 429 and has not left yet (it waited for a slot in its client's queue)
   * must then give them back ({@link RateLimiter.settle}) and acquire again: it would otherwise leave inside the
   * `Retry-After`, or with the others in a burst when it ends.
   */
  slowedSince(names: readonly RateLimitName[], grantedAt: number): boolean {
    return this.#buckets.slowedAt(names) > grantedAt;
  }

  /**
   * A 429 came back despite the buckets (another app spends the same org budget): slow `names` down, and hold
   * every request counted against them until `Retry-After` has passed (at most
   * {@link maxHonouredRetryAfterMs}). `sentAt` is when the rate-limited request left: a 429 on a request sent
   * before the last slow-down is part of that one and does not halve the rate again.
   */
  rateLimited(
    names: readonly RateLimitName[],
    retryAfterMs: number,
    logger: Logger,
    what: string,
    sentAt: number = this.#clock.now(),
  ): void {
    const now = this.#clock.now();
    const holdMs = Math.min(Math.max(0, retryAfterMs), maxHonouredRetryAfterMs);
    const slowed = this.#buckets.slowDown(names, holdMs, now, sentAt);
    if (slowed.length > 0) {
      const rates = slowed.map((s) => `"${s.name}" to ${Math.round(s.factor * 100)}%`);
      logger.warn(
        `rate limit: 429 on ${what}; slowing ${rates.join(", ")} of the published rate, ` +
          `nothing leaves for ${Math.round(holdMs)} ms`,
      );
      this.#dispatch(logger);
    }
  }

  /**
   * Records a write about to leave, when it is to one user or group (`undefined` otherwise: nothing to end).
   * Slack answers a second write to a user or group whose first write is still running with a 429 that says
   * nothing of the org budget; {@link RateLimiter.endWrite} tells whether this write overlapped another.
   */
  beginWrite(method: string, path: string): WriteInFlight | undefined {
    return this.#writes.begin(method, path);
  }

  /**
   * The write `begun` has its answer (or failed). Returns true when another write to the same user or group
   * (from any client sharing this limiter) was in flight at some point while this one was: a 429 on it is then
   * read as Slack's per-resource lock, not as the org budget running out.
   */
  endWrite(begun: WriteInFlight): boolean {
    return this.#writes.end(begun);
  }

  #enqueue(queue: KindQueue, waiter: Waiter): void {
    queue.push(waiter);
    this.#waiting += 1;
    for (const name of queue.names) this.#waitingOn.set(name, (this.#waitingOn.get(name) ?? 0) + 1);
  }

  #dequeued(queue: KindQueue): void {
    this.#waiting -= 1;
    for (const name of queue.names) this.#waitingOn.set(name, (this.#waitingOn.get(name) ?? 1) - 1);
  }

  #cancel(queue: KindQueue, waiter: Waiter): void {
    if (waiter.granted || waiter.cancelled) return;
    queue.cancel(waiter);
    this.#dequeued(queue);
    if (this.#waiting === 0) this.#disarm();
  }

  /**
   * Grants every waiting request whose tokens are there, kinds taking turns, then sets the timer for the next
   * one that may be. Returns the clock's time it used. `logger` gets the "back to its full rate" lines (when a
   * timer called, the logger of the first request granted or waiting).
   */
  #dispatch(logger: Logger | undefined): number {
    const now = this.#clock.now();
    const active: KindQueue[] = [];
    for (const queue of this.#queues.values()) if (queue.size > 0) active.push(queue);
    if (active.length === 0) {
      this.#disarm();
      return now;
    }
    active.sort((a, b) => a.turn - b.turn);
    const grants = this.#buckets.take(
      active.map((queue) => ({ names: queue.names, count: queue.size })),
      now,
    );
    const log = logger ?? active[grants.order[0] ?? 0]?.peek()?.logger;
    for (const name of grants.recovered) log?.info(`rate limit "${name}" is back to its full rate`);
    for (const i of grants.order) {
      const queue = active[i];
      const waiter = queue?.shift();
      if (queue === undefined || waiter === undefined) continue;
      this.#turns += 1;
      queue.turn = this.#turns;
      this.#dequeued(queue);
      waiter.granted = true;
      waiter.resolve?.(now);
    }
    if (this.#waiting === 0) this.#disarm();
    else this.#arm(grants.wakeInMs, now);
    return now;
  }

  /** Makes sure a timer dispatches again within `inMs`. */
  #arm(inMs: number, now: number): void {
    if (!Number.isFinite(inMs)) return;
    const at = now + Math.max(0, inMs);
    if (this.#timer !== undefined && this.#timerAt <= at) return;
    this.#disarm();
    this.#timerAt = at;
    this.#timer = this.#clock.setTimer(
      () => {
        this.#timer = undefined;
        this.#timerAt = Number.POSITIVE_INFINITY;
        this.#dispatch(undefined);
      },
      Math.ceil(Math.max(0, inMs)),
    );
  }

  #disarm(): void {
    if (this.#timer === undefined) return;
    this.#clock.clearTimer(this.#timer);
    this.#timer = undefined;
    this.#timerAt = Number.POSITIVE_INFINITY;
  }
}
