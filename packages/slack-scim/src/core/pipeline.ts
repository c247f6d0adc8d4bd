import { SCIMHTTPError, SCIMRateLimitedError, SCIMRequestError, SCIMTimeoutError } from "../errors.js";
import type { RateLimiter } from "../ratelimit/limiter.js";
import type { RateLimitName } from "../ratelimit/slack-limits.js";
import type { RetryContext, RetryHandler, RetryState } from "../retry/handler.js";
import { sleep } from "../retry/sleep.js";
import { describeRequest, errorFromResponse } from "./error-from-response.js";
import type { HttpRequest, HttpResponse } from "./http.js";
import type { Logger } from "./logger.js";
import type { RequestQueue } from "./queue.js";
import { redactHeaders, redactText } from "./redact.js";
import { mayHaveReachedServer, type RequestTarget, type Transport } from "./transport.js";

/** One call as the client methods describe it. */
export interface PipelineRequest {
  /** Upper-case method. */
  method: string;
  /** Where to send it. */
  target: RequestTarget;
  /** Request headers, credentials included. */
  headers: Record<string, string>;
  /** JSON text, when there is a body. */
  body: string | undefined;
  /** The caller's signal. */
  signal: AbortSignal | undefined;
  /** Per-attempt timeout, ms. */
  timeout: number;
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

function publicRequest(request: PipelineRequest): HttpRequest {
  const out: HttpRequest = {
    method: request.method,
    url: request.target.href,
    headers: redactHeaders(request.headers),
  };
  if (request.body !== undefined) out.body = request.body;
  return out;
}

/**
 * The one request loop: queue slot, one exchange with its timeout, then the retry handlers; the loop waits, so
 * an abort cancels a wait. Resolves with a response below 400 or rejects with a SCIM error (or the caller's
 * abort reason, unwrapped).
 */
export async function runPipeline(config: PipelineConfig, request: PipelineRequest): Promise<HttpResponse> {
  let state: RetryState | undefined;
  const limits = request.rateLimits;
  const limiter = limits === undefined ? undefined : config.limiter;
  const what = limiter === undefined ? "" : `${request.method} ${request.target.path.split("?", 1)[0]}`;
  for (;;) {
    request.signal?.throwIfAborted();
    if (limiter !== undefined && limits !== undefined) {
      const wait = limiter.acquire(limits, request.signal, config.logger, what);
      if (wait !== undefined) await wait;
    }
    if (!config.queue.tryAcquire()) {
      try {
        await config.queue.acquire(request.signal);
      } catch (reason) {
        if (limits !== undefined) limiter?.settle(limits);
        throw reason;
      }
    }
    let outcome: Outcome;
    try {
      outcome = await attempt(config, request);
    } finally {
      config.queue.release();
      if (limits !== undefined) limiter?.settle(limits);
    }
    if (outcome.response && outcome.response.statusCode < 400) return outcome.response;

    state ??= { attempt: 0, startedAt: Date.now(), custom: new Map() };
    const publicReq = publicRequest(request);
    const failure = outcome.response
      ? errorFromResponse(outcome.response, { method: request.method, url: request.target.href })
      : outcome.error;
    const context: RetryContext = outcome.response
      ? { state, request: publicReq, response: outcome.response }
      : { state, request: publicReq, error: outcome.error };
    const rateLimited = outcome.response?.statusCode === 429;
    // A lock conflict (another write to the same user or group in progress) says nothing of the org budget.
    const locked = failure instanceof SCIMHTTPError && failure.errorCode === "resource_locked";
    if (rateLimited && !locked && limiter !== undefined && limits !== undefined) {
      const retryAfter = failure instanceof SCIMRateLimitedError ? (failure.retryAfter ?? 0) : 0;
      limiter.rateLimited(limits, retryAfter * 1000, config.logger, what);
    }
    if (rateLimited && config.rejectRateLimitedCalls) throw failure;
    const handler = config.retryHandlers.find((candidate) => candidate.canRetry(context));
    if (!handler) throw failure;
    const delay = clampDelay(handler.delayFor(context));
    if (rateLimited) config.queue.pause(delay);
    config.logger.info(
      `retrying ${describeRequest(publicReq)} in ${Math.round(delay)} ms (retry ${state.attempt + 1}, ${failure.message})`,
    );
    await sleep(delay, request.signal);
    state.attempt += 1;
  }
}

async function attempt(config: PipelineConfig, request: PipelineRequest): Promise<Outcome> {
  const { signal, method } = request;
  const debug = config.logger.getLevel() === "debug";
  if (debug) config.logger.debug(`→ ${method} ${request.target.href}`);
  const started = debug ? performance.now() : 0;
  const exchange = config.transport.send({
    method,
    target: request.target,
    headers: request.headers,
    body: request.body,
  });
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
    return { response: { ...raw, body: parseBody(raw.rawBody) } };
  } catch (cause) {
    if (signal?.aborted) throw signal.reason;
    const where = { method, url: request.target.href };
    if (timedOut) {
      const message = `SCIM request timed out after ${request.timeout} ms, ${describeRequest(where)}`;
      return { error: new SCIMTimeoutError(message, { request: where, timeout: request.timeout, cause }) };
    }
    const reason = redactText(cause instanceof Error ? cause.message : String(cause));
    const message = `SCIM request failed: no response (${reason}), ${describeRequest(where)}`;
    const error = new SCIMRequestError(message, {
      request: where,
      mayHaveReachedServer: mayHaveReachedServer(cause),
      cause,
    });
    if (debug) config.logger.debug(`✕ ${method} ${request.target.href}: ${reason}`);
    return { error };
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener("abort", onAbort);
  }
}
