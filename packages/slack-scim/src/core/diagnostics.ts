import diagnosticsChannel from "node:diagnostics_channel";

/**
 * The names of the `node:diagnostics_channel` channels the client publishes on. They are public API: subscribe
 * with `diagnostics_channel.subscribe(name, listener)`. A message never carries the token, a header or a body;
 * `path` is a template (`/scim/v2/Users/{id}`) without the query, so ids, filters and emails stay out.
 *
 * @enum
 */
export const DiagnosticsChannel = Object.freeze({
  /** An attempt is about to leave (after the rate limiter and the queue): {@link RequestStartMessage}. */
  RequestStart: "slack-scim:request:start",
  /** An attempt got a response, any status: {@link RequestResponseMessage}. */
  RequestResponse: "slack-scim:request:response",
  /** An attempt got no response (refused, reset, timeout): {@link RequestErrorMessage}. */
  RequestError: "slack-scim:request:error",
  /** A retry handler chose to retry; the wait starts now: {@link RetryScheduledMessage}. */
  RetryScheduled: "slack-scim:retry:scheduled",
  /** A call starts waiting for the rate limiter: {@link RateLimitWaitMessage}. */
  RateLimitWaitStart: "slack-scim:ratelimit:wait:start",
  /** A call's rate-limiter wait ended (granted, or aborted): {@link RateLimitWaitMessage} with `durationMs`. */
  RateLimitWaitEnd: "slack-scim:ratelimit:wait:end",
  /** A create with an unknown outcome was settled by a lookup: {@link CreateRecoveredMessage}. */
  CreateRecovered: "slack-scim:create:recovered",
} as const);

/** One of the values of {@link DiagnosticsChannel}. */
export type DiagnosticsChannel = (typeof DiagnosticsChannel)[keyof typeof DiagnosticsChannel];

/** What every request message carries. */
export interface RequestMessage {
  /** Names one attempt in this process: the same on its start, response or error message (to pair them). */
  id: number;
  /** Upper-case HTTP method. */
  method: string;
  /** The URL's origin, e.g. `https://api.slack.com`. */
  origin: string;
  /** The path with ids replaced by `{id}` and no query: `/scim/v2/Users/{id}`. */
  path: string;
  /** 0 for the first attempt of a call, 1 for its first retry, and so on. */
  attempt: number;
}

/** Published on {@link DiagnosticsChannel.RequestStart}. */
export type RequestStartMessage = RequestMessage;

/** Published on {@link DiagnosticsChannel.RequestResponse}. */
export interface RequestResponseMessage extends RequestMessage {
  /** HTTP status code. */
  status: number;
  /** Milliseconds from the attempt leaving to its whole body arriving. */
  durationMs: number;
}

/** Published on {@link DiagnosticsChannel.RequestError}. */
export interface RequestErrorMessage extends RequestMessage {
  /** The error's code: `slack_scim_request_error` or `slack_scim_timeout_error`. */
  errorCode: string;
  /** Milliseconds from the attempt leaving to the failure. */
  durationMs: number;
}

/** Published on {@link DiagnosticsChannel.RetryScheduled}; `attempt` is the one that failed. */
export interface RetryScheduledMessage extends Omit<RequestMessage, "id"> {
  /** The status that is retried, or `undefined` when there was no response. */
  status: number | undefined;
  /** The wait before the next attempt, in milliseconds. */
  delayMs: number;
}

/** Published on {@link DiagnosticsChannel.RateLimitWaitStart} and {@link DiagnosticsChannel.RateLimitWaitEnd}. */
export interface RateLimitWaitMessage {
  /** Upper-case HTTP method. */
  method: string;
  /** The URL's origin. */
  origin: string;
  /** The path template. */
  path: string;
  /** The limits the call counts against (`org.write`, `createUser`, …). */
  limits: readonly string[];
  /** On the end message: how long the call waited, in milliseconds. */
  durationMs?: number;
}

/** Published on {@link DiagnosticsChannel.CreateRecovered}. */
export interface CreateRecoveredMessage {
  /** What was created. */
  resource: "User" | "Group";
  /** The URL's origin. */
  origin: string;
  /** The path template of the create, e.g. `/scim/v1/Users`. */
  path: string;
}

/** The channels, created once; publishing checks `hasSubscribers` first, so an unobserved client pays nothing. */
export const channels = {
  requestStart: diagnosticsChannel.channel(DiagnosticsChannel.RequestStart),
  requestResponse: diagnosticsChannel.channel(DiagnosticsChannel.RequestResponse),
  requestError: diagnosticsChannel.channel(DiagnosticsChannel.RequestError),
  retryScheduled: diagnosticsChannel.channel(DiagnosticsChannel.RetryScheduled),
  rateLimitWaitStart: diagnosticsChannel.channel(DiagnosticsChannel.RateLimitWaitStart),
  rateLimitWaitEnd: diagnosticsChannel.channel(DiagnosticsChannel.RateLimitWaitEnd),
  createRecovered: diagnosticsChannel.channel(DiagnosticsChannel.CreateRecovered),
};

let lastId = 0;

/** A new attempt id for {@link RequestMessage.id}. */
export function nextRequestId(): number {
  lastId = lastId === Number.MAX_SAFE_INTEGER ? 1 : lastId + 1;
  return lastId;
}

/** Where the next `/Users/` or `/Groups/` starts at or after `from`, and where its id segment starts. */
function nextResource(path: string, from: number): [number, number] | undefined {
  const users = path.indexOf("/Users/", from);
  const groups = path.indexOf("/Groups/", from);
  if (users < 0 && groups < 0) return undefined;
  if (groups < 0 || (users >= 0 && users < groups)) return [users, users + 7];
  return [groups, groups + 8];
}

/**
 * A request path as a template: the query dropped and the segment after `Users` or `Groups` replaced by `{id}`
 * (`/scim/v2/Users/W1?x` → `/scim/v2/Users/{id}`). Scanned by hand: a global regular expression cost a few
 * microseconds a request.
 */
export function pathTemplate(path: string): string {
  const end = path.indexOf("?");
  const bare = end < 0 ? path : path.slice(0, end);
  let out = "";
  let from = 0;
  for (let next = nextResource(bare, 0); next !== undefined; next = nextResource(bare, from)) {
    const idStart = next[1];
    let idEnd = idStart;
    while (idEnd < bare.length && bare[idEnd] !== "/" && bare[idEnd] !== "#") idEnd += 1;
    if (idEnd === idStart) {
      // `/Users/` with nothing after it: no id here; look again from the slash that ends it.
      out += bare.slice(from, idStart - 1);
      from = idStart - 1;
      continue;
    }
    out += `${bare.slice(from, idStart)}{id}`;
    from = idEnd;
  }
  return out + bare.slice(from);
}
