import { type ErrorRequest, SCIMHTTPError, SCIMTimeoutError } from "../errors.js";
import type { User } from "../models/user.js";
import { sleep } from "../retry/sleep.js";
import { checkTimeout } from "./options.js";

/** Options of `waitForUser`. */
export interface WaitForUserOptions {
  /**
   * Milliseconds to wait in all before rejecting with {@link SCIMWaitTimeoutError}.
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

/** `waitForUser` gave up: no read satisfied the predicate in time. */
export class SCIMWaitTimeoutError extends SCIMTimeoutError {
  /** The last user read (`undefined` when every read answered 404). */
  readonly lastValue: User | undefined;

  constructor(
    message: string,
    init: { request: ErrorRequest; timeout: number; lastValue: User | undefined },
  ) {
    super(message, { request: init.request, timeout: init.timeout });
    this.name = "SCIMWaitTimeoutError";
    this.lastValue = init.lastValue;
  }
}

/** What the wait needs from the client. @internal */
export interface WaitSource {
  read(options: {
    signal?: AbortSignal;
    headers?: Record<string, string>;
  }): Promise<{ user: User; url: string }>;
  url: string;
}

function shown(user: User | undefined): string {
  if (user === undefined) return "none (404 on every read)";
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
  const call: { signal?: AbortSignal; headers?: Record<string, string> } = {};
  if (options.signal) call.signal = options.signal;
  if (options.headers) call.headers = options.headers;
  let last: User | undefined;
  for (;;) {
    try {
      last = (await source.read(call)).user;
      if (await predicate(last)) return last;
    } catch (error) {
      if (!(error instanceof SCIMHTTPError) || error.statusCode !== 404) throw error;
    }
    const remaining = deadline - Date.now();
    if (remaining <= 0) {
      throw new SCIMWaitTimeoutError(
        `waitForUser(${JSON.stringify(id)}) timed out after ${timeout} ms; last value seen: ${shown(last)}`,
        { request: { method: "GET", url: source.url }, timeout, lastValue: last },
      );
    }
    await sleep(Math.min(interval, remaining), options.signal);
  }
}
