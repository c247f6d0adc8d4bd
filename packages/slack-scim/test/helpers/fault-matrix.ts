import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, it } from "vitest";
import {
  allBuiltinRetryHandlers,
  ConnectionErrorRetryHandler,
  defaultRetryHandlers,
  ErrorCode,
  isSCIMError,
  RateLimitErrorRetryHandler,
  type RetryHandler,
  SCIM2Client,
  SCIMClient,
  type SCIMClientOptions,
  ServerErrorRetryHandler,
} from "../../src/index.js";
import { instant, noJitter, token } from "./clients.js";
import {
  attemptFailure,
  type ErrorClassName,
  expectedOutcome,
  type FaultKind,
  faultLabels,
  faultRows,
  type HandlerSet,
  handlerSets,
  type MethodKind,
  methodKinds,
  type Outcome,
  type SentRequest,
  type Times,
  type Version,
} from "./fault-rules.js";
import { type CaseRecord, type FaultServer, redirectLocation, startFaultServer } from "./fault-server.js";
import {
  type CaseResult,
  describeOutcome,
  describeRequests,
  matrixBoundBaseMs,
  matrixBoundPerRequestMs,
  matrixMaxResponseBytes,
  matrixTimeoutMs,
} from "./reliability-doc.js";
import { sentRequests, timedLogger } from "./timed-logger.js";

/** A port nothing listens on: connecting is refused at once. */
const refusedBaseUrl = (version: Version) => `http://127.0.0.1:1/scim/v${version}/`;

/**
 * The handlers of a set, with the same classes and retry budgets but no waiting: retries at once, and a
 * `Retry-After` waited exactly (the matrix sends 0).
 */
export function fastHandlers(set: HandlerSet): RetryHandler[] {
  const handlers = set === "all" ? allBuiltinRetryHandlers() : defaultRetryHandlers();
  return handlers.map((h) => {
    const options = { maxRetryCount: h.maxRetryCount, intervalCalculator: instant };
    if (h instanceof RateLimitErrorRetryHandler) {
      return new RateLimitErrorRetryHandler({ ...options, jitter: noJitter });
    }
    if (h instanceof ServerErrorRetryHandler) return new ServerErrorRetryHandler(options);
    if (h instanceof ConnectionErrorRetryHandler) return new ConnectionErrorRetryHandler(options);
    throw new Error(`fault matrix: unknown built-in handler ${h.constructor.name}`);
  });
}

const newUser = { userName: "Ada.Lovelace", emails: [{ value: "ada@acme.example", primary: true }] };

/** Calls the client method of one kind, with a body each version accepts. */
export function callMethod(client: SCIMClient | SCIM2Client, kind: MethodKind): Promise<unknown> {
  switch (kind) {
    case "read":
      return client.readUser("W0123ABCDEF");
    case "search":
      return client.searchUsers({ count: 10 });
    case "create":
      return client.createUser(newUser);
    case "patch":
      return client instanceof SCIMClient
        ? client.patchUser("W0123ABCDEF", { title: "Principal" })
        : client.patchUser("W0123ABCDEF", [{ op: "replace", path: "title", value: "Principal" }]);
    case "update":
      return client.updateUser({ id: "W0123ABCDEF", userName: "ada.lovelace", title: "Principal" });
    case "delete":
      return client.deleteUser("W0123ABCDEF");
  }
}

const codes: Record<ErrorClassName, string> = {
  SCIMRequestError: ErrorCode.RequestError,
  SCIMTimeoutError: ErrorCode.TimeoutError,
  SCIMHTTPError: ErrorCode.HTTPError,
  SCIMRateLimitedError: ErrorCode.RateLimitedError,
  SCIMResponseError: ErrorCode.ResponseError,
};

/** Problems with an error beyond its class: its code, status, and what it says. */
function errorProblems(error: unknown, fault: FaultKind, kind: MethodKind): string[] {
  if (!isSCIMError(error)) return [`not a SCIM error: ${String(error)}`];
  const name = error.constructor.name as ErrorClassName;
  const problems: string[] = [];
  if (error.code !== codes[name]) problems.push(`code ${error.code}`);
  const status = (error as { statusCode?: number }).statusCode;
  if (name === "SCIMRateLimitedError" && status !== 429) problems.push(`statusCode ${status}`);
  const failure = attemptFailure(fault, kind);
  const reached = (error as { mayHaveReachedServer?: boolean }).mayHaveReachedServer;
  if (failure?.error === "SCIMRequestError" && reached !== failure.reachedServer) {
    problems.push(`mayHaveReachedServer ${reached}`);
  }
  if (fault === "302") {
    const location = new URL(redirectLocation);
    if (!error.message.includes(location.host)) problems.push("message does not name the Location");
    if (error.message.includes(location.searchParams.get("ticket") ?? "")) {
      problems.push("message shows the Location's query");
    }
  }
  if (error.message.includes(token)) problems.push("message shows the token");
  return problems;
}

/** The requests a case sent: as the server saw them, or (nothing reached it) from the client's debug lines. */
function sentOf(record: CaseRecord | undefined, lines: ReturnType<typeof timedLogger>): SentRequest[] {
  if (record !== undefined) return record.requests.map((r) => r.sent);
  return sentRequests(lines.entries).map((s) =>
    s.url.includes("filter=") ? "lookup" : (s.method as SentRequest),
  );
}

/** A `POST` sent again although nothing proved the first absent (a lookup that found nothing, or a 429). */
function blindResend(record: CaseRecord | undefined): boolean {
  if (record === undefined) return false;
  let previous: { status?: number } | undefined;
  let lookups = 0;
  let found = 0;
  for (const r of record.requests) {
    if (r.sent === "lookup") {
      lookups += 1;
      found += r.found ?? 0;
    } else if (r.sent === "POST") {
      if (previous !== undefined && previous.status !== 429 && (lookups === 0 || found > 0)) return true;
      previous = r;
      lookups = 0;
      found = 0;
    }
  }
  return false;
}

function within<T>(promise: Promise<T>, ms: number): Promise<T | "timeout"> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<"timeout">((resolve) => {
    timer = setTimeout(() => resolve("timeout"), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function until(condition: () => boolean, ms: number): Promise<boolean> {
  const end = performance.now() + ms;
  while (!condition()) {
    if (performance.now() > end) return false;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return true;
}

/** How long a case may take: each request its full timeout, plus room for a loaded machine. */
export function boundMs(outcome: Outcome): number {
  return outcome.requests.length * (matrixTimeoutMs + matrixBoundPerRequestMs) + matrixBoundBaseMs;
}

interface Case {
  fault: FaultKind;
  times: Times;
  kind: MethodKind;
  handlers: HandlerSet;
  version: Version;
}

/** Runs one case; returns its outcome as observed and, appended, any broken promise (hang, leak, bad error). */
async function runCase(
  server: FaultServer,
  c: Case,
): Promise<{ observed: Outcome | undefined; problems: string[] }> {
  const expected = expectedOutcome(c.fault, c.times, c.kind, c.handlers, c.version);
  const registered =
    c.fault === "refused"
      ? undefined
      : server.register({ ...c, oversizedBytes: matrixMaxResponseBytes + 1024, slowMs: 4 * matrixTimeoutMs });
  const logger = timedLogger();
  const options: SCIMClientOptions = {
    baseUrl: registered?.baseUrl ?? refusedBaseUrl(c.version),
    timeout: matrixTimeoutMs,
    logger,
    // Debug everywhere: a refused connection is counted from the client's own lines (one per request), and
    // every line of every case is scanned for the test user's email (logPII is off by default).
    logLevel: "debug",
    retryHandlers: fastHandlers(c.handlers),
    rejectRateLimitedCalls: c.handlers === "reject",
  };
  // maxResponseBytes is given only where the matrix needs a small one, so the other cases test the default.
  if (c.fault === "oversized") Object.assign(options, { maxResponseBytes: matrixMaxResponseBytes });
  const problems: string[] = [];
  let client: SCIMClient | SCIM2Client;
  try {
    client = c.version === 1 ? new SCIMClient(token, options) : new SCIM2Client(token, options);
  } catch (error) {
    return { observed: undefined, problems: [`the client refused its options: ${String(error)}`] };
  }
  const bound = boundMs(expected);
  const started = performance.now();
  const settled = await within(
    callMethod(client, c.kind).then(
      (value) => ({ value }),
      (error: unknown) => ({ error }),
    ),
    bound,
  );
  const elapsed = performance.now() - started;
  if (settled === "timeout") problems.push(`not settled within ${bound} ms`);
  if ((await within(client.close(), 2000)) === "timeout")
    problems.push("close() waited on a running exchange");
  const record = registered?.record;
  if (record && !(await until(() => record.sockets.size === 0, 2000)))
    problems.push("a socket was left open");
  if (blindResend(record)) problems.push("POST sent again without a lookup proving it absent");
  const requests = sentOf(record, logger);
  const leaked = logger.entries.find((entry) => /ada@acme\.example|ada%40acme\.example/i.test(entry.text));
  if (leaked) problems.push(`a log line shows the user's email: ${leaked.text}`);
  if (settled === "timeout")
    return { observed: undefined, problems: [...problems, describeRequests(requests)] };
  let observed: Outcome;
  if ("value" in settled) {
    observed = {
      result: (settled.value as { recovered?: boolean }).recovered ? "recovered" : "ok",
      requests,
    };
  } else {
    const error = settled.error as Error & { statusCode?: number };
    observed = { result: error.constructor.name as ErrorClassName, requests };
    if (typeof error.statusCode === "number") observed.status = error.statusCode;
    problems.push(...errorProblems(error, c.fault, c.kind));
  }
  if (elapsed > bound) problems.push(`took ${Math.round(elapsed)} ms`);
  return { observed, problems };
}

const line = (c: Case, text: string) => `${c.version === 1 ? "1.1" : "2.0"} ${c.handlers}: ${text}`;

/**
 * Declares the matrix for one version: one test per fault row and method kind, its three handler sets run at
 * once, the tests run concurrently against one server. With `SLACK_SCIM_RELIABILITY_OUT` set, the observed
 * outcomes are written there for `npm run docs:reliability`.
 */
export function defineFaultMatrix(version: Version): void {
  let server: FaultServer;
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  const observed: CaseResult[] = [];
  beforeAll(async () => {
    server = await startFaultServer();
    process.on("unhandledRejection", onUnhandled);
  });
  afterAll(async () => {
    process.off("unhandledRejection", onUnhandled);
    await server.close();
    const out = process.env["SLACK_SCIM_RELIABILITY_OUT"];
    if (out) {
      mkdirSync(out, { recursive: true });
      writeFileSync(join(out, `observed-v${version}.json`), JSON.stringify(observed));
    }
  });

  describe(`fault matrix, ${version === 1 ? "SCIMClient (1.1)" : "SCIM2Client (2.0)"}`, () => {
    for (const { fault, times } of faultRows()) {
      for (const kind of methodKinds) {
        const name = `${faultLabels[fault]}${fault === "refused" ? "" : `, ${times}`} · ${kind}`;
        it.concurrent(name, async ({ expect }) => {
          const cases = handlerSets.map((handlers): Case => ({ fault, times, kind, handlers, version }));
          const runs = await Promise.all(cases.map((c) => runCase(server, c)));
          const want = cases.map((c) =>
            line(c, describeOutcome(expectedOutcome(fault, times, kind, c.handlers, version))),
          );
          const got = runs.map(({ observed, problems }, i) => {
            const text = [...(observed ? [describeOutcome(observed)] : []), ...problems].join(" · ");
            return line(cases[i] as Case, text);
          });
          expect(got).toEqual(want);
          expect(unhandled).toEqual([]);
          cases.forEach((c, i) => {
            const outcome = runs[i]?.observed;
            if (outcome) observed.push({ ...c, outcome });
          });
        }, 30_000);
      }
    }
  });
}
