import { createApp } from "./app.js";
import { type Fault, FaultPlan } from "./faults/fault.js";
import type { Outcome } from "./http/exchange.js";
import { fromFetchRequest, toFetchResponse } from "./http/fetch-adapter.js";
import { type EmulatorServer, type ListenOptions, listen } from "./node.js";
import { type EmulatorOptions, v1DefaultStatuses, v2DefaultStatuses, validateOptions } from "./options.js";
import { Org } from "./org.js";
import { RateLimiter, WriteLocks } from "./rate-limits.js";
import type { EmulatorStore } from "./store/memory-store.js";

/** The token every emulator accepts unless `token` says otherwise. */
export const defaultAdminToken = "xoxp-slack-scim-emulator";

/** An emulator: the in-process `fetch` handler, a way to serve it, and test helpers. */
export interface Emulator {
  /**
   * Answers one request in process. Connection-reset faults fail as `fetch` does over a real socket: before or
   * after the request body, the promise rejects with `TypeError("fetch failed")`; `mid-body`, the response
   * resolves and reading its body fails with `TypeError("terminated")`; both with `cause.code` `ECONNRESET`.
   */
  fetch(request: Request): Promise<Response>;
  /** Serves the emulator over `node:http` (127.0.0.1, a free port, unless told otherwise). */
  listen(options?: ListenOptions): Promise<EmulatorServer>;
  /** Back to the initial org (empty, or the seed), full rate-limit buckets, no locks, no faults. */
  reset(): void;
  /**
   * Releases the storage file and its lock; with file storage, later writes then fail (503). Servers from
   * `listen` are closed separately.
   */
  close(): void;
  /** A token the emulator accepts. */
  readonly adminToken: string;
  /** Faults applied by option; mutable: push and splice freely. */
  readonly faults: Fault[];
  /** Read access to the org's records, for assertions. */
  readonly store: EmulatorStore;
}

/**
 * Creates an emulator of Slack's SCIM API (1.1 under `/scim/v1/`, 2.0 under `/scim/v2/`, one org behind both).
 *
 * @example
 * ```ts
 * const emulator = createEmulator({ seed: { users: 50, groups: 5 } });
 * const server = await emulator.listen();
 * const res = await fetch(`${server.v2BaseUrl}Users?count=5`, {
 *   headers: { authorization: `Bearer ${emulator.adminToken}` },
 * });
 * await server.close();
 * ```
 */
export function createEmulator(options: EmulatorOptions = {}): Emulator {
  validateOptions(options);
  const adminToken = options.token ?? defaultAdminToken;
  const org = new Org(options);
  const limiter = new RateLimiter(options.rateLimits);
  const locks = new WriteLocks(options.lockWindowMs);
  const faults: Fault[] = options.faults ?? [];
  const plan = new FaultPlan(faults);
  const reset = () => {
    org.reset();
    limiter.reset();
    locks.reset();
    plan.reset();
    faults.length = 0;
  };
  const app = createApp({
    org,
    limiter,
    locks,
    faults: plan,
    faultHeader: options.faultHeader ?? true,
    tokens: new Set([adminToken, ...(options.tokens ?? [])]),
    adminToken,
    orgDomain: options.orgDomain ?? "emulator",
    style: {
      v2ErrorStyle: options.v2ErrorStyle ?? "mixed",
      v2ErrorStatusType: options.v2ErrorStatusType ?? "number",
      rateLimitErrorBody: options.rateLimitErrorBody ?? "legacy",
    },
    groupRemoveMembersWithValue: options.groupRemoveMembersWithValue ?? "listed",
    strictContentType: options.strictContentType ?? false,
    statuses: {
      1: { ...v1DefaultStatuses, ...options.v1Statuses },
      2: { ...v2DefaultStatuses, ...options.v2Statuses },
    },
    reset,
  });
  return {
    async fetch(request) {
      let outcome: Outcome;
      try {
        outcome = await app(fromFetchRequest(request));
      } finally {
        // An early answer (401, 404, 429, a fault) leaves the body unread: cancel it, so a caller streaming it
        // does not wait forever for it to be consumed.
        if (request.body && !request.body.locked) request.body.cancel().catch(() => {});
      }
      return toFetchResponse(outcome);
    },
    listen: (listenOptions) => listen(app, listenOptions),
    reset,
    close: () => org.close(),
    adminToken,
    faults,
    store: org.store,
  };
}

/** A started emulator: the emulator's fields plus the server's. `close()` stops both. */
export interface StartedEmulator extends Omit<Emulator, "close">, EmulatorServer {}

/**
 * Creates an emulator and serves it: `createEmulator(options)` + `listen({ port, host })`.
 *
 * @example
 * ```ts
 * const server = await startEmulator({ port: 0 });
 * const scim = new SCIM2Client(server.adminToken, { baseUrl: server.v2BaseUrl });
 * await server.close();
 * ```
 */
export async function startEmulator(options: EmulatorOptions & ListenOptions = {}): Promise<StartedEmulator> {
  const emulator = createEmulator(options);
  const listenOptions: ListenOptions = {};
  if (options.port !== undefined) listenOptions.port = options.port;
  if (options.host !== undefined) listenOptions.host = options.host;
  let server: EmulatorServer;
  try {
    server = await emulator.listen(listenOptions);
  } catch (error) {
    emulator.close();
    throw error;
  }
  return {
    fetch: emulator.fetch,
    listen: emulator.listen,
    reset: emulator.reset,
    adminToken: emulator.adminToken,
    faults: emulator.faults,
    store: emulator.store,
    url: server.url,
    v1BaseUrl: server.v1BaseUrl,
    v2BaseUrl: server.v2BaseUrl,
    port: server.port,
    async close() {
      await server.close();
      emulator.close();
    },
  };
}
