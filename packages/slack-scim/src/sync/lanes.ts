import { type RateLimitName, rateLimitsFor } from "../ratelimit/slack-limits.js";
import type { SyncStep } from "./plan-types.js";
import { requestsOf } from "./rate-budget.js";

/** The endpoint limit a step's write counts against: the lane it waits in. */
function laneOf(step: SyncStep): RateLimitName {
  const requests = requestsOf(step);
  const [method, path] = requests[requests.length - 1] as [string, string];
  const names = rateLimitsFor(method, path);
  return names[names.length - 1] as RateLimitName;
}

/** One lane: its steps in plan order, the next to hand out, and how many are running. */
interface Queue {
  steps: SyncStep[];
  next: number;
  inFlight: number;
}

/**
 * The steps of one phase, queued by the endpoint limit their write counts against (creates, user updates, group
 * updates, …), each queue in plan order. Slack's endpoint limits are separate buckets, so a worker that took
 * the next step of a single list would wait on creates while the update bucket sat full. Instead each free
 * worker takes from the queue with the fewest steps in flight (the longest queue on a tie): a lane held back by
 * its limit keeps only its share of the workers, and the others keep their buckets busy.
 */
export class Lanes {
  readonly #queues: Queue[] = [];
  readonly #laneOf = new Map<SyncStep, number>();

  constructor(steps: readonly SyncStep[]) {
    const byName = new Map<RateLimitName, number>();
    for (const step of steps) {
      const name = laneOf(step);
      let index = byName.get(name);
      if (index === undefined) {
        index = this.#queues.length;
        byName.set(name, index);
        this.#queues.push({ steps: [], next: 0, inFlight: 0 });
      }
      this.#queues[index]?.steps.push(step);
      this.#laneOf.set(step, index);
    }
  }

  /** The next step to start, or `undefined` when every queue is empty. Pair each with {@link Lanes.finish}. */
  take(): SyncStep | undefined {
    let best: Queue | undefined;
    for (const queue of this.#queues) {
      const left = queue.steps.length - queue.next;
      if (left === 0) continue;
      if (
        best === undefined ||
        queue.inFlight < best.inFlight ||
        (queue.inFlight === best.inFlight && left > best.steps.length - best.next)
      )
        best = queue;
    }
    if (best === undefined) return undefined;
    best.inFlight += 1;
    return best.steps[best.next++];
  }

  /** Marks a step taken with {@link Lanes.take} as finished. */
  finish(step: SyncStep): void {
    const queue = this.#queues[this.#laneOf.get(step) ?? -1];
    if (queue) queue.inFlight -= 1;
  }
}
