import type { Logger } from "../core/logger.js";
import { type LimiterClock, systemClock } from "./clock.js";
import { MemoryBuckets } from "./memory-buckets.js";
import { ResourceWrites, type WriteInFlight } from "./resource-writes.js";
import type { RateLimitName, RateLimitRules } from "./slack-limits.js";
import type { RateLimitBuckets, RateLimitGrants, RateLimitSlowDown } from "./store.js";
import { StoreHealth, type StorePolicy } from "./store-health.js";
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

/** Where a limiter's buckets live and what to do when they cannot be reached. @internal */
export interface LimiterBacking extends StorePolicy {
  buckets: RateLimitBuckets;
}

/** Who granted a request: the store (with its lease) or this process's fallback buckets. */
interface Lease {
  local: boolean;
  lease: string | undefined;
}

const isPromise = <T>(value: T | Promise<T>): value is Promise<T> =>
  typeof (value as { then?: unknown } | null)?.then === "function";

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
 * The buckets live in a store (this process's memory by default); see {@link StoreHealth} for a store that
 * cannot be reached.
 *
 * A 429 on a write to one user or group while another write to the same one was in flight (tracked here over
 * every client of the budget: {@link RateLimiter.beginWrite}) is Slack's per-resource lock: the pipeline does
 * not report it here.
 *
 * @internal
 */
export class RateLimiter {
  readonly #clock: LimiterClock;
  readonly #store: RateLimitBuckets;
  readonly #health: StoreHealth;
  readonly #writes = new ResourceWrites();
  /** Waiting requests per kind (key: the limit names joined). */
  readonly #queues = new Map<string, KindQueue>();
  /** Waiting requests per limit, for the log's wait estimates. */
  readonly #waitingOn = new Map<RateLimitName, number>();
  /** Requests that wait and have not had their "waits" line yet. */
  #unlogged: Waiter[] = [];
  /** Who granted the requests of each kind not settled yet, oldest first. */
  readonly #leases = new Map<string, Lease[]>();
  /** When a 429 last slowed each limit down, on this process's clock. */
  readonly #slowedAt = new Map<RateLimitName, number>();
  /** The store's clock minus ours, as of its last answer. */
  #offset = 0;
  #waiting = 0;
  #turns = 0;
  /** A store call is on its way: the next dispatch waits for it. */
  #busy = false;
  #again = false;
  #timer: unknown;
  #timerAt = Number.POSITIVE_INFINITY;
  /** The logger of the latest request, for lines no one request owns (the store failing). */
  #logger: Logger | undefined;

  constructor(rules: RateLimitRules, clock: LimiterClock = systemClock, backing?: LimiterBacking) {
    this.#clock = clock;
    this.#store = backing?.buckets ?? new MemoryBuckets(rules);
    this.#health = new StoreHealth(
      backing ?? { storeName: "memory", onStoreError: "reject", storeTimeoutMs: 10_000 },
      rules,
    );
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
    this.#logger = logger;
    const key = names.join("\n");
    let queue = this.#queues.get(key);
    if (queue === undefined) {
      queue = new KindQueue(names);
      this.#queues.set(key, queue);
    }
    const waiter: Waiter = {
      granted: false,
      cancelled: false,
      resolve: undefined,
      reject: undefined,
      logger,
      what,
      queue,
      since: this.#clock.now(),
    };
    queue.push(waiter);
    this.#waiting += 1;
    for (const name of names) this.#waitingOn.set(name, (this.#waitingOn.get(name) ?? 0) + 1);
    this.#unlogged.push(waiter);
    this.#dispatch(logger);
    if (waiter.granted) return undefined;
    if (signal?.aborted) {
      this.#cancel(waiter);
      return Promise.reject(signal.reason);
    }
    return new Promise<number>((resolve, reject) => {
      const onAbort = () => {
        this.#cancel(waiter);
        reject(signal?.reason);
      };
      waiter.resolve = (at) => {
        signal?.removeEventListener("abort", onAbort);
        resolve(at);
      };
      waiter.reject = (reason) => {
        signal?.removeEventListener("abort", onAbort);
        reject(reason);
      };
      signal?.addEventListener("abort", onAbort, { once: true });
    });
  }

  /** The request that took tokens from `names` has its answer (or failed): it no longer counts as pending. */
  settle(names: readonly RateLimitName[]): void {
    const held = this.#leases.get(names.join("\n"))?.shift();
    const now = this.#clock.now();
    if (held?.local) {
      this.#health.local().settle(names, undefined, now);
      return;
    }
    try {
      const done = this.#store.settle(names, held?.lease, now);
      // A store that cannot be reached forgets the lease when it expires.
      if (isPromise(done)) done.catch(() => {});
    } catch {}
  }

  /**
   * Whether a 429 slowed any bucket in `names` down after `grantedAt` (when this request got its tokens). A
   * request that got its tokens before a 429 and has not left yet (it waited for a slot in its client's queue)
   * must then give them back ({@link RateLimiter.settle}) and acquire again: it would otherwise leave inside the
   * `Retry-After`, or with the others in a burst when it ends.
   */
  slowedSince(names: readonly RateLimitName[], grantedAt: number): boolean {
    return names.some((name) => (this.#slowedAt.get(name) ?? Number.NEGATIVE_INFINITY) > grantedAt);
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
    const slowed = (result: RateLimitSlowDown, offset: number) => {
      if (result.slowed.length === 0) return;
      for (const { name } of result.slowed) this.#slowedAt.set(name as RateLimitName, result.now - offset);
      const rates = result.slowed.map((s) => `"${s.name}" to ${Math.round(s.factor * 100)}%`);
      logger.warn(
        `rate limit: 429 on ${what}; slowing ${rates.join(", ")} of the published rate, ` +
          `nothing leaves for ${Math.round(holdMs)} ms`,
      );
      this.#dispatch(logger);
    };
    const local = () => slowed(this.#health.local().slowDown(names, holdMs, sentAt, now), 0);
    if (this.#health.isDown(now)) {
      local();
      return;
    }
    const offset = this.#offset;
    try {
      const result = this.#store.slowDown(names, holdMs, sentAt + offset, now);
      if (isPromise(result)) {
        // Until the store answers, requests granted before this 429 must not leave.
        for (const name of names) this.#slowedAt.set(name, now);
        result.then((r) => slowed(r, offset), local);
      } else slowed(result, offset);
    } catch {
      local();
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

  #dequeued(waiter: Waiter): void {
    this.#waiting -= 1;
    for (const name of waiter.queue.names) {
      this.#waitingOn.set(name, (this.#waitingOn.get(name) as number) - 1);
    }
  }

  /** Takes a waiting request out (its signal aborted, or the store failed it); it is then rejected. */
  #cancel(waiter: Waiter): void {
    waiter.queue.cancel(waiter);
    this.#dequeued(waiter);
    if (this.#waiting === 0) this.#disarm();
  }

  /**
   * Grants every waiting request whose tokens are there, kinds taking turns, then sets the timer for the next
   * one that may be. While the store cannot be reached, {@link StoreHealth} says which kinds use this process's
   * buckets instead, and rejects the writes that waited too long for it.
   */
  #dispatch(logger: Logger | undefined): void {
    if (this.#busy) {
      this.#again = true;
      return;
    }
    const now = this.#clock.now();
    const active = [...this.#queues.values()].filter((queue) => queue.size > 0);
    if (active.length === 0) {
      this.#disarm();
      return;
    }
    active.sort((a, b) => a.turn - b.turn);
    let wake = Number.POSITIVE_INFINITY;
    const plan = this.#health.plan(active, now);
    for (const waiter of plan.expired) {
      this.#cancel(waiter);
      waiter.reject?.(this.#health.error(now));
    }
    if (plan.local.length > 0) {
      const result = this.#health.local().take(demandsOf(plan.local), now);
      wake = Math.min(wake, this.#apply(plan.local, result, now, 0, true, logger));
    }
    wake = Math.min(wake, plan.wakeInMs);
    if (plan.store.length > 0) {
      let result: RateLimitGrants | Promise<RateLimitGrants>;
      try {
        result = this.#store.take(demandsOf(plan.store), now);
      } catch (error) {
        this.#failed(error, now, logger);
        this.#dispatch(logger);
        return;
      }
      if (isPromise(result)) {
        this.#busy = true;
        this.#arm(wake, now);
        result.then(
          (r) => this.#answered(plan.store, r, now, logger),
          (error: unknown) => {
            this.#busy = false;
            this.#failed(error, this.#clock.now(), logger);
            this.#dispatch(logger);
          },
        );
        return;
      }
      this.#offset = result.now - now;
      wake = Math.min(wake, this.#apply(plan.store, result, now, result.now - now, false, logger));
    }
    if (this.#waiting === 0) this.#disarm();
    else this.#arm(wake, now);
  }

  /** A store's answer arrived (`asked` is when the take was sent). */
  #answered(queues: KindQueue[], result: RateLimitGrants, asked: number, logger: Logger | undefined): void {
    this.#busy = false;
    const now = this.#clock.now();
    // The store decided somewhere between asking and now: the middle is the best guess of its clock against ours.
    this.#offset = result.now - (asked + now) / 2;
    if (this.#health.recovered())
      (logger ?? this.#logger)?.info(`rate limit: store ${this.#health.name} answers again`);
    const wake = this.#apply(queues, result, now, this.#offset, false, logger);
    if (this.#again) {
      this.#again = false;
      this.#dispatch(logger);
    } else if (this.#waiting === 0) this.#disarm();
    else this.#arm(wake, now);
  }

  #failed(error: unknown, now: number, logger: Logger | undefined): void {
    const line = this.#health.failed(error, now);
    if (line !== undefined) (logger ?? this.#logger)?.warn(line);
  }

  /** Hands out the grants of `result` to the heads of `queues`; returns the ms until the next may be due. */
  #apply(
    queues: KindQueue[],
    result: RateLimitGrants,
    now: number,
    offset: number,
    local: boolean,
    logger: Logger | undefined,
  ): number {
    const log = logger ?? queues[result.order[0] ?? 0]?.peek()?.logger;
    for (const name of result.recovered) log?.info(`rate limit "${name}" is back to its full rate`);
    for (const [name, limit] of Object.entries(result.limits)) {
      if (limit.slowedAt === Number.NEGATIVE_INFINITY) continue;
      const at = limit.slowedAt - offset;
      if (at > (this.#slowedAt.get(name as RateLimitName) ?? Number.NEGATIVE_INFINITY)) {
        this.#slowedAt.set(name as RateLimitName, at);
      }
    }
    for (const [k, i] of result.order.entries()) {
      const queue = queues[i] as KindQueue;
      const lease = { local, lease: result.leases[k] };
      const waiter = queue.shift();
      if (waiter === undefined) {
        // Its request gave up while the store decided: the token is spent, the lease handed back.
        (local ? this.#health.local() : this.#store).settle(queue.names, lease.lease, now);
        continue;
      }
      const key = queue.names.join("\n");
      const held = this.#leases.get(key);
      if (held === undefined) this.#leases.set(key, [lease]);
      else held.push(lease);
      this.#turns += 1;
      queue.turn = this.#turns;
      this.#dequeued(waiter);
      waiter.granted = true;
      waiter.resolve?.(now);
    }
    this.#logWaits(queues, result);
    return result.wakeInMs;
  }

  /** One "waits" line for each request of `queues` that waits and has had none, with the estimate of its wait. */
  #logWaits(queues: KindQueue[], result: RateLimitGrants): void {
    const ahead = new Map<string, number>(this.#waitingOn);
    for (const waiter of this.#unlogged) {
      if (waiter.granted || waiter.cancelled) continue;
      for (const name of waiter.queue.names) ahead.set(name, (ahead.get(name) as number) - 1);
    }
    const rest: Waiter[] = [];
    for (const waiter of this.#unlogged) {
      if (waiter.granted || waiter.cancelled) continue;
      if (!queues.includes(waiter.queue)) {
        rest.push(waiter);
        continue;
      }
      let ms = 0;
      let slowest = "";
      for (const name of waiter.queue.names) {
        const limit = result.limits[name];
        const before = ahead.get(name) as number;
        ahead.set(name, before + 1);
        if (limit === undefined) continue;
        const wait = limit.readyInMs + Math.max(0, before + 1 - limit.tokens) / limit.perMs;
        if (wait > ms) {
          ms = wait;
          slowest = name;
        }
      }
      const rounded = Math.ceil(ms);
      const line = `rate limit: ${waiter.what} waits ${rounded} ms for "${slowest}"`;
      if (rounded >= 1000) waiter.logger.info(line);
      else waiter.logger.debug(line);
    }
    this.#unlogged = rest;
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

function demandsOf(queues: readonly KindQueue[]) {
  return queues.map((queue) => ({ names: queue.names, count: queue.size }));
}
