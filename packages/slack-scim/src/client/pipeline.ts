import { channels, nextRequestId, pathTemplate, type RequestMessage } from "../core/diagnostics.js";
import { describeRequest, errorFromResponse } from "../core/error-from-response.js";
import {
  SCIMRateLimitedError,
  SCIMRequestError,
  SCIMResponseError,
  SCIMTimeoutError,
} from "../core/errors.js";
import type { HttpRequest, HttpResponse } from "../core/http.js";
import type { Logger } from "../core/logger.js";
import { redactHeaders, redactSecrets } from "../core/redact.js";
import { sleep } from "../core/sleep.js";
import {
  mayHaveReachedServer,
  type RequestTarget,
  type Transport,
  type TransportRequest,
} from "../core/transport.js";
import { maxHonouredRetryAfterMs, type RateLimiter, type WriteInFlight } from "../ratelimit/limiter.js";
import type { RateLimitName } from "../ratelimit/slack-limits.js";
import type { RetryContext, RetryHandler, RetryState } from "../retry/handler.js";
import type { RequestQueue } from "./queue.js";

/**
 * One call as the client methods describe it. It is also the transport's request (a superset of
 * {@link TransportRequest}), so an attempt allocates no second object.
 */
export interface PipelineRequest extends TransportRequest {
  /** Upper-case method. */
  method: string;
  /** Where to send it. */
  target: RequestTarget;
  /** Request headers, credentials included. */
  headers: Record<string, string>;
  /** JSON text, when there is a body. */
  body: string | undefined;
  /** The most body bytes accepted. */
  maxResponseBytes: number;
  /** The caller's signal, which also carries the call's deadline when it has one. */
  signal: AbortSignal | undefined;
  /** Per-attempt timeout, ms. */
  timeout: number;
  /**
   * When the call's deadline ends (`performance.now()` time), or `undefined` without one: a retry whose wait
   * would end past it is not made.
   */
  deadlineAt: number | undefined;
  /** The limits this request counts against; `undefined` when the client has no limiter. */
  rateLimits: readonly RateLimitName[] | undefined;
}

/** What the pipeline needs from its client. */
export interface PipelineConfig {
  transport: Transport;
  queue: RequestQueue;
  logger: Logger;
  /** The client's live array: handlers pushed after construction take part. */
  retryHandlers: RetryHandler[];
  rejectRateLimitedCalls: boolean;
  /** The client's (possibly shared) token buckets; `undefined` when `rateLimit` is off. */
  limiter: RateLimiter | undefined;
  /** Lower-case names of the headers redacted wherever a request is shown (credentials and `redactHeaders`). */
  sensitiveHeaders: ReadonlySet<string>;
}

type Outcome =
  | { response: HttpResponse; error?: undefined }
  | { error: SCIMRequestError; response?: undefined };

function parseBody(rawBody: string): unknown {
  if (rawBody === "") return undefined;
  try {
    return JSON.parse(rawBody);
  } catch {
    return undefined;
  }
}

// The longest wait a timer can hold (sleep caps there too).
const maxDelay = 2 ** 31 - 1;

/**
 * A handler's delay as the loop can use it: a negative or non-number delay (a custom handler's bug) means "at
 * once", and nothing beyond a timer's range. Either would otherwise become the queue's pause: NaN would
 * disable every later 429 pause, Infinity would hold the queue for good.
 */
function clampDelay(ms: number): number {
  return ms > 0 ? Math.min(ms, maxDelay) : 0;
}

function publicRequest(request: PipelineRequest, sensitive: ReadonlySet<string>): HttpRequest {
  const out: HttpRequest = {
    method: request.method,
    url: request.target.href,
    headers: redactHeaders(request.headers, sensitive),
  };
  if (request.body !== undefined) out.body = request.body;
  return out;
}

/**
 * The one request loop: rate limiter, queue slot, one exchange with its timeout, then the retry handlers; the
 * loop waits, so an abort cancels a wait. Resolves with a 2xx response (only 2xx is success: a 3xx is an error,
 * redirects are never followed) or rejects with a SCIM error (or the caller's abort reason, unwrapped; a
 * deadline's abort reason is its `SCIMTimeoutError`). Whatever happens, the queue slot is released.
 *
 * Every 429 pauses the client's queue for its `Retry-After` (at most {@link maxHonouredRetryAfterMs}; the
 * handler's delay when there is no header), whatever the handlers decide and with `rejectRateLimitedCalls` too:
 * Slack's limits are org-wide, so the calls behind it would only collect more 429s.
 *
 * With a rate limiter, a 429 also slows the limits the call counted against (see {@link RateLimiter}), unless it
 * is a lock conflict: the call was a write to one user or group (`POST`, `PUT`, `PATCH`, `DELETE` on
 * `Users/{id}` or `Groups/{id}`) and another write to that same resource, from any client sharing the limiter,
 * was in flight at some point while it was. Slack locks a user or group while a write to it runs and answers a
 * second write with a 429 that names no code and says nothing of the org budget
 * (https://docs.slack.dev/reference/scim-api/rate-limits). The body's code is not used: `resource_locked` is documented for bursts of group updates, a budget signal.
 */
export async function runPipeline(config: PipelineConfig, request: PipelineRequest): Promise<HttpResponse> {
  let state: RetryState | undefined;
  const limits = request.rateLimits;
  const limiter = limits === undefined ? undefined : config.limiter;
  const path = limiter === undefined ? "" : (request.target.path.split("?", 1)[0] ?? "");
  const what = limiter === undefined ? "" : `${request.method} ${path}`;
  for (;;) {
    request.signal?.throwIfAborted();
    if (limiter !== undefined && limits !== undefined) {
      await admit(config, limiter, limits, request, what);
    } else if (!config.queue.tryAcquire()) {
      await config.queue.acquire(request.signal);
    }
    let outcome: Outcome;
    // Only with a limiter: when this attempt left, and whether it overlapped a write to the same resource.
    let sentAt = 0;
    let write: WriteInFlight | undefined;
    let lockConflict = false;
    if (limiter !== undefined) {
      sentAt = performance.now();
      write = limiter.beginWrite(request.method, path);
    }
    try {
      outcome = await attempt(config, request, state?.attempt ?? 0);
    } finally {
      config.queue.release();
      if (limits !== undefined) limiter?.settle(limits);
      if (write !== undefined) lockConflict = limiter?.endWrite(write) ?? false;
    }
    const status = outcome.response?.statusCode ?? 0;
    if (status >= 200 && status < 300) return outcome.response as HttpResponse;

    state ??= { attempt: 0, startedAt: Date.now(), custom: new Map() };
    const publicReq = publicRequest(request, config.sensitiveHeaders);
    const failure = outcome.response
      ? errorFromResponse(outcome.response, { method: request.method, url: request.target.href })
      : outcome.error;
    const context: RetryContext = outcome.response
      ? { state, request: publicReq, response: outcome.response }
      : { state, request: publicReq, error: outcome.error };
    const rateLimited = outcome.response?.statusCode === 429;
    // Retry-After as the limiter and the queue honour it: clamped, and `undefined` without the header.
    let holdMs: number | undefined;
    if (rateLimited) {
      const seconds = failure instanceof SCIMRateLimitedError ? failure.retryAfter : undefined;
      if (seconds !== undefined) {
        holdMs = Math.min(seconds * 1000, maxHonouredRetryAfterMs);
        if (seconds * 1000 > maxHonouredRetryAfterMs) {
          config.logger.warn(
            `rate limit: ${describeRequest(publicReq)} got Retry-After: ${seconds}; other calls are held back ` +
              `${maxHonouredRetryAfterMs / 1000} s at most`,
          );
        }
      }
      if (limiter !== undefined && limits !== undefined) {
        if (lockConflict) {
          config.logger.info(
            `rate limit: 429 on ${what} while another write to it was in flight: a lock conflict, the rate stays`,
          );
        } else limiter.rateLimited(limits, holdMs ?? 0, config.logger, what, sentAt);
      }
    }
    const handler =
      rateLimited && config.rejectRateLimitedCalls
        ? undefined
        : config.retryHandlers.find((candidate) => candidate.canRetry(context));
    const delay = handler === undefined ? 0 : clampDelay(handler.delayFor(context));
    // Every 429 holds the client's other calls for Retry-After, whatever the handler decided.
    if (rateLimited) config.queue.pause(holdMs ?? delay);
    if (!handler) throw failure;
    // A wait that would end past the deadline is not started: the error that asked for it is the answer. (Once
    // the deadline itself has passed, its timer is about to fire: the wait below ends with its error.)
    const left = request.deadlineAt === undefined ? 0 : request.deadlineAt - performance.now();
    if (left > 0 && delay >= left) {
      config.logger.info(
        `not retrying ${describeRequest(publicReq)}: the wait of ${Math.round(delay)} ms would end past the call's deadline (${failure.message})`,
      );
      throw failure;
    }
    config.logger.info(
      `retrying ${describeRequest(publicReq)} in ${Math.round(delay)} ms (retry ${state.attempt + 1}, ${failure.message})`,
    );
    if (channels.retryScheduled.hasSubscribers) {
      const { origin, path: target } = request.target;
      channels.retryScheduled.publish({
        method: request.method,
        origin,
        path: pathTemplate(target),
        attempt: state.attempt,
        status: outcome.response?.statusCode,
        delayMs: delay,
      });
    }
    await sleep(delay, request.signal);
    state.attempt += 1;
  }
}

/**
 * With a rate limiter: tokens, then a queue slot, then a last look at the limiter. A 429 (on any client
 * sharing the limiter) after this request got its tokens, while it waited for its slot, sends it back to the
 * limiter: it gives the slot and the tokens back and queues again behind the `Retry-After`, at the slowed rate.
 * Without that, calls that had their tokens would leave inside another client's `Retry-After`, or all at once
 * when this client's queue pause ends.
 */
async function admit(
  config: PipelineConfig,
  limiter: RateLimiter,
  limits: readonly RateLimitName[],
  request: PipelineRequest,
  what: string,
): Promise<void> {
  for (;;) {
    const wait = limiter.acquire(limits, request.signal, config.logger, what);
    const grantedAt = wait === undefined ? performance.now() : await observedWait(wait, limits, request);
    if (config.queue.tryAcquire()) {
      // Nothing ran between the grant and the slot unless the limiter made this request wait.
      if (wait === undefined || !limiter.slowedSince(limits, grantedAt)) return;
    } else {
      try {
        await config.queue.acquire(request.signal);
      } catch (reason) {
        limiter.settle(limits);
        throw reason;
      }
      if (!limiter.slowedSince(limits, grantedAt)) return;
    }
    config.queue.release();
    limiter.settle(limits);
    request.signal?.throwIfAborted();
    config.logger.debug(`rate limit: ${what} queues again: a 429 came after it got its tokens`);
  }
}

/** The part of every request message that names the request: never a header, a body or a query. */
function requestMessage(request: PipelineRequest, attempt: number) {
  const { origin, path } = request.target;
  return { id: nextRequestId(), method: request.method, origin, path: pathTemplate(path), attempt };
}

/** A limiter wait, published on the rate-limit channels when anyone listens. */
async function observedWait(
  wait: Promise<number>,
  limits: readonly RateLimitName[],
  request: PipelineRequest,
): Promise<number> {
  if (!channels.rateLimitWaitStart.hasSubscribers && !channels.rateLimitWaitEnd.hasSubscribers) return wait;
  const method = request.method;
  const path = pathTemplate(request.target.path);
  const message = { method, origin: request.target.origin, path, limits };
  channels.rateLimitWaitStart.publish(message);
  const started = performance.now();
  try {
    return await wait;
  } finally {
    const durationMs = performance.now() - started;
    channels.rateLimitWaitEnd.publish({ method, origin: message.origin, path, limits, durationMs });
  }
}

async function attempt(
  config: PipelineConfig,
  request: PipelineRequest,
  attemptNumber: number,
): Promise<Outcome> {
  const { signal, method } = request;
  // The first request of a client loads the transport's module: that time is not the server's to answer in.
  const loading = config.transport.ready?.();
  if (loading !== undefined) {
    await loading;
    signal?.throwIfAborted();
  }
  const debug = config.logger.getLevel() === "debug";
  if (debug) config.logger.debug(`→ ${method} ${request.target.href}`);
  // Diagnostics: the message is built only when someone subscribes to a request channel.
  const observed =
    channels.requestStart.hasSubscribers ||
    channels.requestResponse.hasSubscribers ||
    channels.requestError.hasSubscribers;
  const message = observed ? requestMessage(request, attemptNumber) : undefined;
  if (message !== undefined) channels.requestStart.publish(message);
  const started = debug || observed ? performance.now() : 0;
  const exchange = config.transport.send(request);
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    exchange.abort(new Error(`timed out after ${request.timeout} ms`));
  }, request.timeout);
  const onAbort = () => exchange.abort(signal?.reason);
  signal?.addEventListener("abort", onAbort, { once: true });
  try {
    const raw = await exchange.response;
    if (debug) {
      const ms = (performance.now() - started).toFixed(1);
      config.logger.debug(`← ${raw.statusCode} ${method} ${request.target.href} (${ms} ms)`);
    }
    if (message !== undefined) {
      const { id, origin, path } = message;
      const durationMs = performance.now() - started;
      const status = raw.statusCode;
      channels.requestResponse.publish({
        id,
        method,
        origin,
        path,
        attempt: attemptNumber,
        status,
        durationMs,
      });
    }
    // Written out, not spread: a spread with added properties costs microseconds on every request in V8.
    const { statusCode, headers, rawBody } = raw;
    return { response: { statusCode, headers, rawBody, body: parseBody(rawBody) } };
  } catch (cause) {
    if (signal?.aborted) throw signal.reason;
    // A body past maxResponseBytes: the transport's own typed error, not retried.
    if (cause instanceof SCIMResponseError) throw cause;
    const where = { method, url: request.target.href };
    if (timedOut) {
      const text = `SCIM request timed out after ${request.timeout} ms, ${describeRequest(where)}`;
      const error = new SCIMTimeoutError(text, { request: where, timeout: request.timeout, cause });
      publishError(message, error.code, started);
      return { error };
    }
    const text = cause instanceof Error ? cause.message : String(cause);
    const reason = redactSecrets(text, request.headers, config.sensitiveHeaders);
    const error = new SCIMRequestError(
      `SCIM request failed: no response (${reason}), ${describeRequest(where)}`,
      {
        request: where,
        mayHaveReachedServer: mayHaveReachedServer(cause),
        cause,
      },
    );
    if (debug) config.logger.debug(`✕ ${method} ${request.target.href}: ${reason}`);
    publishError(message, error.code, started);
    return { error };
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener("abort", onAbort);
  }
}

function publishError(message: RequestMessage | undefined, errorCode: string, started: number): void {
  if (message !== undefined) {
    const { id, method, origin, path, attempt } = message;
    const durationMs = performance.now() - started;
    channels.requestError.publish({ id, method, origin, path, attempt, errorCode, durationMs });
  }
}
