/**
 * The rules of the fault matrix: what a call should do when the server misbehaves. Every expected outcome of
 * `fault-matrix*.test.ts` comes from {@link expectedOutcome}; `docs/reliability.md` is rendered from it.
 */

/** The faults the matrix injects. */
export const faultKinds = [
  "refused",
  "reset-before-body",
  "reset-after-body",
  "reset-mid-answer",
  "429-seconds",
  "429-date",
  "429-none",
  "500",
  "502",
  "503",
  "504",
  "latency",
  "slow-drip",
  "truncated",
  "html",
  "empty",
  "oversized",
  "302",
  "304",
] as const;
/** One fault. */
export type FaultKind = (typeof faultKinds)[number];

/** How a fault is described to a reader. */
export const faultLabels: Record<FaultKind, string> = {
  refused: "connection refused",
  "reset-before-body": "connection reset before the request body is read",
  "reset-after-body": "connection reset after the request was applied, before any answer",
  "reset-mid-answer": "connection reset halfway through the answer's body",
  "429-seconds": "429 with `Retry-After: 0`",
  "429-date": "429 with `Retry-After` as an HTTP date",
  "429-none": "429 without `Retry-After`",
  "500": "500 with Slack's error body",
  "502": "502 with Slack's error body",
  "503": "503 with Slack's error body",
  "504": "504 with Slack's error body",
  latency: "the answer comes after the `timeout`",
  "slow-drip": "the body trickles in past the `timeout`",
  truncated: "2xx with JSON cut in half",
  html: "2xx with an HTML page (a proxy's login page)",
  empty: "2xx with an empty body",
  oversized: "2xx with a body over `maxResponseBytes`",
  "302": "302 with a `Location`",
  "304": "304 Not Modified",
};

/** Whether the fault hits only the first request of the call's kind, or every one. */
export type Times = "once" | "always";

/** The method kinds, one client method each (users; groups take the same paths through the client). */
export const methodKinds = ["read", "search", "create", "patch", "update", "delete"] as const;
/** One method kind. */
export type MethodKind = (typeof methodKinds)[number];

/** The HTTP method each kind sends. */
export const httpMethodOf: Record<MethodKind, string> = {
  read: "GET",
  search: "GET",
  create: "POST",
  patch: "PATCH",
  update: "PUT",
  delete: "DELETE",
};

/** The retry handler sets: the defaults, every built-in handler, the defaults with `rejectRateLimitedCalls`. */
export const handlerSets = ["default", "all", "reject"] as const;
/** One handler set. */
export type HandlerSet = (typeof handlerSets)[number];

/** The versions: `SCIMClient` (1.1) and `SCIM2Client` (2.0). */
export const versions = [1, 2] as const;
/** One version. */
export type Version = (typeof versions)[number];

/** Retries each built-in handler allows per call (their defaults). */
export const retryBudget = { connection: 1, rateLimit: 20, server: 1 } as const;

/** An error class the matrix can expect (the class itself, not a parent). */
export type ErrorClassName =
  | "SCIMRequestError"
  | "SCIMTimeoutError"
  | "SCIMHTTPError"
  | "SCIMRateLimitedError"
  | "SCIMResponseError";

/** What one attempt gets when the fault hits it. */
export type AttemptFailure =
  | { error: "SCIMRequestError"; reachedServer: boolean }
  | { error: "SCIMTimeoutError" }
  | { error: "SCIMRateLimitedError"; status: 429 }
  | { error: "SCIMHTTPError"; status: number }
  | { error: "SCIMResponseError" };

/** One request as the matrix records it: the call's own method, or a lookup a create makes. */
export type SentRequest = "GET" | "POST" | "PATCH" | "PUT" | "DELETE" | "lookup";

/** A case's outcome: how the call settled and every request it sent, in order. */
export interface Outcome {
  /** `ok`, `recovered` (a create found by a lookup), or the exact error class. */
  result: "ok" | "recovered" | ErrorClassName;
  /** The status of an HTTP error. */
  status?: number;
  requests: SentRequest[];
}

/** Whether the server applies a write that meets this fault (it answers badly or not at all afterwards). */
export function serverApplies(fault: FaultKind): boolean {
  return [
    "reset-after-body",
    "reset-mid-answer",
    "latency",
    "slow-drip",
    "truncated",
    "html",
    "empty",
    "oversized",
  ].includes(fault);
}

/**
 * Rule 1, one attempt: what the client makes of the faulty answer. Only 2xx is success; a 2xx body the method
 * cannot use is a `SCIMResponseError` (a delete needs no body, so it takes any 2xx); an answer past the
 * `timeout` or `maxResponseBytes` is cut off.
 */
export function attemptFailure(fault: FaultKind, kind: MethodKind): AttemptFailure | undefined {
  switch (fault) {
    case "refused":
      return { error: "SCIMRequestError", reachedServer: false };
    case "reset-before-body":
    case "reset-after-body":
    case "reset-mid-answer":
      return { error: "SCIMRequestError", reachedServer: true };
    case "429-seconds":
    case "429-date":
    case "429-none":
      return { error: "SCIMRateLimitedError", status: 429 };
    case "latency":
    case "slow-drip":
      return { error: "SCIMTimeoutError" };
    case "truncated":
    case "html":
    case "empty":
      return kind === "delete" ? undefined : { error: "SCIMResponseError" };
    case "oversized":
      return { error: "SCIMResponseError" };
    default:
      return { error: "SCIMHTTPError", status: Number(fault) };
  }
}

const idempotent = (method: string) => ["GET", "PUT", "DELETE"].includes(method);

/**
 * Rule 2, retries: how many times the pipeline retries this failure. Connection failures: idempotent methods,
 * or any method the server never saw; never our own timeout. 429: always, unless `rejectRateLimitedCalls`.
 * 500/502/503/504: idempotent methods, with `allBuiltinRetryHandlers()` only. Nothing else.
 */
export function retriesFor(failure: AttemptFailure, method: string, handlers: HandlerSet): number {
  switch (failure.error) {
    case "SCIMRequestError":
      return idempotent(method) || !failure.reachedServer ? retryBudget.connection : 0;
    case "SCIMRateLimitedError":
      return handlers === "reject" ? 0 : retryBudget.rateLimit;
    case "SCIMHTTPError":
      return handlers === "all" && failure.status >= 500 && idempotent(method) ? retryBudget.server : 0;
    default:
      return 0;
  }
}

interface Run {
  failure: AttemptFailure | undefined;
  requests: SentRequest[];
}

/** One trip through the pipeline: the first attempt meets the fault; retries meet it again only if `always`. */
function pipeline(
  failure: AttemptFailure | undefined,
  method: SentRequest,
  handlers: HandlerSet,
  faulted: boolean,
  times: Times,
): Run {
  if (failure === undefined || !faulted) return { failure: undefined, requests: [method] };
  const retries = retriesFor(failure, method, handlers);
  if (retries === 0) return { failure, requests: [method] };
  if (times === "once") return { failure: undefined, requests: [method, method] };
  return { failure, requests: Array.from({ length: retries + 1 }, () => method) };
}

/** Rule 3: a create whose outcome is unknown (it may have reached the server, a 5xx, an unusable 2xx). */
function unknownOutcome(failure: AttemptFailure): boolean {
  if (failure.error === "SCIMRequestError") return failure.reachedServer;
  if (failure.error === "SCIMHTTPError") return failure.status >= 500;
  return failure.error === "SCIMTimeoutError" || failure.error === "SCIMResponseError";
}

function settle(run: Run): Outcome {
  if (run.failure === undefined) return { result: "ok", requests: run.requests };
  const out: Outcome = { result: run.failure.error, requests: run.requests };
  if ("status" in run.failure) out.status = run.failure.status;
  return out;
}

/**
 * The expected outcome of one case. A create never sends its `POST` twice unless the first certainly never
 * reached the server, was refused with a 429, or lookups (by `userName`, then email) proved it absent; a
 * lookup that finds it resolves the call as recovered.
 */
export function expectedOutcome(
  fault: FaultKind,
  times: Times,
  kind: MethodKind,
  handlers: HandlerSet,
  _version: Version,
): Outcome {
  const method = httpMethodOf[kind] as SentRequest;
  const failure = attemptFailure(fault, kind);
  const first = pipeline(failure, method, handlers, true, times);
  if (kind !== "create" || first.failure === undefined || !unknownOutcome(first.failure))
    return settle(first);
  // The lookups: the userName lookup finds a create the server applied; otherwise both lookups find nothing.
  if (serverApplies(fault)) return { result: "recovered", requests: [...first.requests, "lookup"] };
  const absent: SentRequest[] = [...first.requests, "lookup", "lookup"];
  const second = pipeline(failure, method, handlers, times === "always", times);
  const requests = [...absent, ...second.requests];
  if (second.failure === undefined) return { result: "ok", requests };
  if (!unknownOutcome(second.failure)) return settle({ ...second, requests });
  return settle({ failure: second.failure, requests: [...requests, "lookup", "lookup"] });
}

/** The fault rows: every fault once and every time, except a refused connection (it refuses every time). */
export function faultRows(): { fault: FaultKind; times: Times }[] {
  const rows: { fault: FaultKind; times: Times }[] = [];
  for (const fault of faultKinds) {
    if (fault !== "refused") rows.push({ fault, times: "once" });
    rows.push({ fault, times: "always" });
  }
  return rows;
}
