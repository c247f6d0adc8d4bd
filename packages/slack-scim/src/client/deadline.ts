import type { CallOptions } from "../core/call-options.js";
import { describeRequest } from "../core/error-from-response.js";
import { type ErrorRequest, SCIMTimeoutError } from "../core/errors.js";

/**
 * Marks the options of a request made inside a call that already runs under its deadline (a `createUser`
 * lookup, a `waitForUser` read): the request keeps the call's signal and end instead of starting its own.
 * The value is the call's end (`performance.now()` time), or `undefined` when it has none.
 */
export const withinCall: unique symbol = Symbol("slack-scim.withinCall");

/** Options of a request made on behalf of a call. @internal */
export interface InnerOptions extends CallOptions {
  [withinCall]?: number | undefined;
}

/** A call's running deadline. @internal */
export interface Deadline {
  /** Aborts with a `SCIMTimeoutError` (`phase: "deadline"`) at the end, or with the caller's own reason. */
  readonly signal: AbortSignal;
  /** The end, as a `performance.now()` time. */
  readonly endsAt: number;
  /** Stops the timer and lets go of the caller's signal. */
  end(): void;
}

/**
 * Starts a call's deadline of `ms` milliseconds. Its signal follows the caller's too, so one signal carries both
 * (an abort rejects with the caller's reason, the deadline with its `SCIMTimeoutError`). @internal
 */
export function startDeadline(ms: number, caller: AbortSignal | undefined, where: ErrorRequest): Deadline {
  const controller = new AbortController();
  const timer = setTimeout(() => {
    const message = `SCIM call exceeded its deadline of ${ms} ms, ${describeRequest(where)}`;
    controller.abort(new SCIMTimeoutError(message, { request: where, timeout: ms, phase: "deadline" }));
  }, ms);
  const follow = () => controller.abort(caller?.reason);
  if (caller?.aborted) follow();
  else caller?.addEventListener("abort", follow, { once: true });
  return {
    signal: controller.signal,
    endsAt: performance.now() + ms,
    end() {
      clearTimeout(timer);
      caller?.removeEventListener("abort", follow);
    },
  };
}

/**
 * The options for the requests a call makes on the caller's behalf: the caller's signal, timeout, headers and
 * size limit, with the call's deadline in place of the caller's `deadline`. @internal
 */
export function innerOptions(options: CallOptions, deadline: Deadline): InnerOptions {
  const { deadline: _spent, ...rest } = options;
  return { ...rest, signal: deadline.signal, [withinCall]: deadline.endsAt };
}
