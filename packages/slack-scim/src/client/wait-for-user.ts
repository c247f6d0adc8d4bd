import { SCIMHTTPError, SCIMTimeoutError, SCIMWaitTimeoutError } from "../core/errors.js";
import { sleep } from "../core/sleep.js";
import type { User } from "../models/user.js";
import { type InnerOptions, withinCall } from "./deadline.js";
import { checkTimeout } from "./options.js";

/** Options of `waitForUser`. */
export interface WaitForUserOptions {
  /**
   * Milliseconds to wait in all before rejecting with {@link SCIMWaitTimeoutError}: this method's whole-call
   * bound (the client's `deadline` does not apply on top of it). Each read gets what is left of it as its
   * timeout when that is less than the client's `timeout`.
   * @defaultValue 30_000
   */
  timeout?: number;
  /**
   * Milliseconds between reads. Each read also goes through the client's rate limiter when `rateLimit` is on;
   * the default spends a fifth of Slack's `GET /Users/{id}` budget (300 a minute).
   * @defaultValue 1_000
   */
  interval?: number;
  /** Cancels the wait; it rejects with `signal.reason`. */
  signal?: AbortSignal;
  /** Headers for each read. */
  headers?: Record<string, string>;
}

/** What the wait needs from the client. @internal */
export interface WaitSource {
  read(options: InnerOptions): Promise<{ user: User; url: string }>;
  url: string;
  /** The client's per-attempt timeout: a read gets the smaller of it and the time left. */
  timeout: number;
}

function shown(user: User | undefined): string {
  if (user === undefined) return "none (no read returned the user)";
  const text = JSON.stringify(user);
  return text.length > 500 ? `${text.slice(0, 500)}…` : text;
}

/**
 * Reads a user until `predicate` holds (a 404 counts as "not yet"), then resolves with it. @internal
 */
export async function waitFor(
  source: WaitSource,
  id: string,
  predicate: (user: User) => boolean | Promise<boolean>,
  options: WaitForUserOptions,
): Promise<User> {
  if (typeof predicate !== "function") throw new TypeError("waitForUser: predicate must be a function");
  const timeout = options.timeout === undefined ? 30_000 : checkTimeout("timeout", options.timeout);
  const interval = options.interval === undefined ? 1_000 : checkTimeout("interval", options.interval);
  const deadline = Date.now() + timeout;
  // The deadline bounds everything a read may do: its retries, a rate-limiter wait, a hanging socket.
  const expired = new AbortController();
  const timer = setTimeout(() => expired.abort(new Error("waitForUser deadline")), timeout);
  const signal = options.signal ? AbortSignal.any([options.signal, expired.signal]) : expired.signal;
  // Each read runs inside this wait: it has no deadline of its own, and no retry is made past the wait's end.
  const call: InnerOptions = { signal, [withinCall]: performance.now() + timeout };
  if (options.headers) call.headers = options.headers;
  let last: User | undefined;
  let lastError: unknown;
  const gaveUp = () =>
    new SCIMWaitTimeoutError(
      `waitForUser(${JSON.stringify(id)}) timed out after ${timeout} ms; last value seen: ${shown(last)}`,
      { request: { method: "GET", url: source.url }, timeout, lastValue: last, cause: lastError },
    );
  try {
    for (;;) {
      call.timeout = Math.max(1, Math.min(source.timeout, deadline - Date.now()));
      try {
        last = (await source.read(call)).user;
        lastError = undefined;
        if (await predicate(last)) return last;
      } catch (error) {
        options.signal?.throwIfAborted();
        if (expired.signal.aborted) throw gaveUp();
        // 404 (not there yet), a read that timed out and a 429 not retried are "not yet".
        const notYet =
          (error instanceof SCIMHTTPError && (error.statusCode === 404 || error.statusCode === 429)) ||
          error instanceof SCIMTimeoutError;
        if (!notYet) throw error;
        lastError = error;
      }
      if (deadline - Date.now() <= 0) throw gaveUp();
      try {
        await sleep(Math.min(interval, deadline - Date.now()), signal);
      } catch (reason) {
        options.signal?.throwIfAborted();
        throw expired.signal.aborted ? gaveUp() : reason;
      }
    }
  } finally {
    clearTimeout(timer);
  }
}
