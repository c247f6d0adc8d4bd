import type { FaultPlan } from "../faults/fault.js";
import { RequestBody } from "../http/body.js";
import type { ErrorStyle } from "../http/error-body.js";
import type { IncomingRequest, Reply, ResetMode } from "../http/exchange.js";
import type { SuccessStatuses } from "../options.js";
import type { Org } from "../org.js";
import type { RateLimiter, WriteLocks } from "../rate-limits.js";
import type { Route } from "../routes/router.js";
import type { SCIMVersion } from "../version.js";

/** What one emulator's pipeline is built from (shared by all its requests). */
export interface AppParts {
  org: Org;
  limiter: RateLimiter;
  locks: WriteLocks;
  faults: FaultPlan;
  /** Honour the `x-emulator-fault` request header. */
  faultHeader: boolean;
  /** Tokens the SCIM routes accept. */
  tokens: ReadonlySet<string>;
  /** The one token the `/_emulator/` control routes accept. */
  adminToken: string;
  orgDomain: string;
  style: ErrorStyle;
  statuses: { 1: SuccessStatuses; 2: SuccessStatuses };
  /** 2.0 group PATCH `remove` on `members` with a value list: only those, or all. */
  groupRemoveMembersWithValue: "listed" | "all";
  /** Refuse (415) a body whose content type is not JSON. */
  strictContentType: boolean;
  /** `reset()` of the whole emulator, for the `/_emulator/reset` control route. */
  reset(): void;
}

/** One request on its way through the pipeline: what the steps found out, and the answer once there is one. */
export interface Context {
  readonly request: IncomingRequest;
  /** The request body, read at most once. */
  readonly body: RequestBody;
  /** The method as sent. */
  readonly method: string;
  /** The raw path of the request line, without the query. */
  path: string;
  /** Query parameters by lower-cased name (Slack's changelog once wrote `startindex`). */
  query: Map<string, string>;
  /** `http://host:port` of the request, checked; the base of `location` links. */
  origin: string;
  /** The `/_emulator/` control routes. */
  control: boolean;
  /** The SCIM version of a `/scim/v1` or `/scim/v2` path. */
  version: SCIMVersion | undefined;
  /** The raw path below the version base (`/Users/W1`), `""` for none. */
  rel: string;
  /** The path segments below the version base, each percent-decoded once (one trailing slash dropped). */
  segments: string[];
  /** The endpoint of the path, if any. */
  route: Route | undefined;
  /** Whether the request carries an accepted token (faults act only on those). */
  authenticated: boolean;
  /** The answer. */
  reply: Reply | undefined;
  /** A connection reset asked for by a fault, instead of (or in the middle of) the answer. */
  reset: ResetMode | undefined;
  /** The error a step threw, once it is rendered into `reply`. */
  error: unknown;
}

/** A fresh context for one request. */
export function newContext(request: IncomingRequest): Context {
  return {
    request,
    body: new RequestBody(request.body, request.signal, request.headers.get("content-length")),
    method: request.method,
    path: "",
    query: new Map(),
    origin: "",
    control: false,
    version: undefined,
    rel: "",
    segments: [],
    route: undefined,
    authenticated: false,
    reply: undefined,
    reset: undefined,
    error: undefined,
  };
}
