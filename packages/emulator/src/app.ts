import { setTimeout as sleep } from "node:timers/promises";
import { EmulatorHTTPError } from "./errors.js";
import {
  checkFault,
  codeForStatus,
  type Fault,
  type FaultPlan,
  htmlErrorPage,
  parseFaultHeader,
} from "./faults/fault.js";
import { type ErrorStyle, errorResponse } from "./http/error-body.js";
import { jsonResponse, knownBody, resetMarker, textResponse } from "./http/respond.js";
import { isObject } from "./json.js";
import type { SuccessStatuses } from "./options.js";
import type { Org } from "./org.js";
import type { RateLimiter, WriteLocks } from "./rate-limits.js";
import { readBodyText, readJSONBody } from "./routes/context.js";
import { allowedMethods, isPublic, route } from "./routes/router.js";
import { type SCIMVersion, v1, v2 } from "./version.js";

/** What the request handler is built from. */
export interface AppParts {
  org: Org;
  limiter: RateLimiter;
  locks: WriteLocks;
  faults: FaultPlan;
  faultHeader: boolean;
  tokens: ReadonlySet<string>;
  adminToken: string;
  orgDomain: string;
  style: ErrorStyle;
  statuses: { 1: SuccessStatuses; 2: SuccessStatuses };
  /** 2.0 group PATCH `remove` on `members` with a value list (docs/behaviour.md, Groups). */
  groupRemoveMembersWithValue: "listed" | "all";
  /** `reset()` of the whole emulator, for the `/_emulator/reset` control route. */
  reset(): void;
}

const versionPath = /^\/scim\/v(\d+)(\/.*)?$/;

/** 401 unless the request carries `Authorization: Bearer <a known token>`. */
function authenticate(request: Request, tokens: ReadonlySet<string>): void {
  const header = request.headers.get("authorization");
  if (header === null || header.trim() === "") {
    throw new EmulatorHTTPError(401, "missing_authentication", { legacy: true });
  }
  const match = /^Bearer +(.*)$/i.exec(header.trim());
  const token = match?.[1]?.trim() ?? "";
  if (token === "" || !tokens.has(token))
    throw new EmulatorHTTPError(401, "invalid_authentication", { legacy: true });
}

/**
 * Builds the emulator's core, `(Request) => Promise<Response>`: faults, then auth, rate limits and the write
 * lock, then the routes; every thrown {@link EmulatorHTTPError} becomes the version's error body here. A
 * connection reset comes back as a marker response that the node adapter turns into a real reset.
 */
export function createHandler(parts: AppParts): (request: Request) => Promise<Response> {
  return async (request) => {
    const url = new URL(request.url);
    const method = request.method.toUpperCase();
    const m = versionPath.exec(url.pathname);
    const version = m?.[1] === "1" ? v1 : m?.[1] === "2" ? v2 : undefined;
    const rel = m?.[2] ?? "";
    const versionN = version?.n ?? 1;

    // Faults never apply to the control routes, so a bad fault can always be listed and cleared.
    const control = url.pathname.startsWith("/_emulator/");
    let fault: Fault | undefined;
    const header = parts.faultHeader && !control ? request.headers.get("x-emulator-fault") : null;
    try {
      fault = header ? parseFaultHeader(header) : undefined;
    } catch (error) {
      return errorResponse(
        new EmulatorHTTPError(400, "invalid_request_payload", { message: String(error) }),
        versionN,
        parts.style,
      );
    }
    try {
      if (!control) fault ??= parts.faults.take(method, rel === "" ? url.pathname : rel, url.pathname);
    } catch (error) {
      // A fault pushed onto `emulator.faults` with a bad field: say so instead of failing obscurely.
      return toErrorResponse(error, versionN, parts.style);
    }
    if (fault?.latencyMs) await sleep(fault.latencyMs);
    if (fault?.reset === "before-body") return resetMarker({ mode: "before-body" });
    if (fault?.html !== undefined && fault.html !== false) {
      const status = fault.html === true ? 502 : fault.html;
      return textResponse(status, htmlErrorPage(status), { "content-type": "text/html; charset=utf-8" });
    }
    if (fault?.status !== undefined) {
      const headers: Record<string, string> = {};
      if (fault.retryAfter !== undefined) headers["retry-after"] = String(fault.retryAfter);
      const error = new EmulatorHTTPError(fault.status, fault.code ?? codeForStatus(fault.status), {
        headers,
      });
      return errorResponse(error, versionN, parts.style);
    }

    let response: Response;
    try {
      response = await dispatch(parts, request, url, method, version, rel);
    } catch (error) {
      response = toErrorResponse(error, versionN, parts.style);
    }
    if (fault?.reset === "after-body" || fault?.reset === "mid-body") {
      if (!request.bodyUsed && request.body) await request.arrayBuffer();
      const body = new Uint8Array(await response.arrayBuffer());
      if (fault.reset === "after-body" || body.length === 0) return resetMarker({ mode: "after-body" });
      const headers = Object.fromEntries(response.headers);
      return resetMarker({ mode: "mid-body", status: response.status, headers, body });
    }
    if (fault?.truncate) {
      const text = knownBody(response) ?? (await response.text());
      const headers = Object.fromEntries(response.headers);
      return textResponse(response.status, text.slice(0, Math.floor(text.length / 2)), headers);
    }
    return response;
  };
}

function toErrorResponse(error: unknown, version: 1 | 2, style: ErrorStyle): Response {
  if (error instanceof EmulatorHTTPError) return errorResponse(error, version, style);
  const message = error instanceof Error ? error.message : String(error);
  return errorResponse(
    new EmulatorHTTPError(500, "internal_error", { message: `internal_error (${message})` }),
    version,
    style,
  );
}

async function dispatch(
  parts: AppParts,
  request: Request,
  url: URL,
  method: string,
  version: SCIMVersion | undefined,
  rel: string,
): Promise<Response> {
  if (url.pathname.startsWith("/_emulator/")) return control(parts, request, url.pathname, method);
  if (!version) {
    if (/^\/scim\/v\d+(\/|$)/.test(url.pathname)) throw new EmulatorHTTPError(400, "unsupported_version");
    throw new EmulatorHTTPError(404, "bad_endpoint");
  }
  if (!allowedMethods.has(method)) throw new EmulatorHTTPError(405, "method_not_allowed");
  // `rel` is "" or starts with "/"; one trailing slash is allowed (`/Groups/`), an empty segment elsewhere
  // (`/Users//W1`) is not an endpoint.
  const segments = rel.split("/").slice(1);
  if (segments.at(-1) === "") segments.pop();
  if (!isPublic(version, segments)) authenticate(request, parts.tokens);
  if (segments.includes("")) throw new EmulatorHTTPError(404, "bad_endpoint");
  // Classified by the normalised path, so the per-endpoint limits see exactly what the router routes.
  const refund = parts.limiter.take(method, segments.join("/"), parts.org.now());
  const query = new Map<string, string>();
  for (const [key, value] of url.searchParams) query.set(key.toLowerCase(), value);
  try {
    return await routeRequest(parts, request, url, version, query, method, segments);
  } catch (error) {
    // A write refused by the lock did nothing: it costs no rate-limit token.
    if (error instanceof EmulatorHTTPError && error.code === "resource_locked") refund();
    throw error;
  }
}

function routeRequest(
  parts: AppParts,
  request: Request,
  url: URL,
  version: SCIMVersion,
  query: Map<string, string>,
  method: string,
  segments: readonly string[],
): Promise<Response> {
  return route(
    {
      org: parts.org,
      version,
      render: {
        base: `${url.origin}${version.basePath}`,
        store: parts.org.store,
        orgDomain: parts.orgDomain,
        activeShown: parts.org.activeShown,
      },
      groupRemoveMembersWithValue: parts.groupRemoveMembersWithValue,
      statuses: parts.statuses[version.n],
      locks: parts.locks,
      query,
      body: () => readJSONBody(request),
    },
    method,
    segments,
  );
}

/** `/_emulator/faults` (POST a fault or a list, DELETE clears) and `/_emulator/reset` (POST), admin token only. */
async function control(parts: AppParts, request: Request, path: string, method: string): Promise<Response> {
  authenticate(request, new Set([parts.adminToken]));
  if (path === "/_emulator/reset" && method === "POST") {
    parts.reset();
    return jsonResponse(200, { ok: true });
  }
  if (path === "/_emulator/faults") {
    if (method === "DELETE") {
      parts.faults.faults.length = 0;
      return jsonResponse(200, { ok: true, faults: 0 });
    }
    if (method === "POST") {
      let body: unknown;
      try {
        body = JSON.parse(await readBodyText(request));
      } catch (error) {
        if (error instanceof EmulatorHTTPError) throw error;
        throw new EmulatorHTTPError(400, "invalid_request_payload");
      }
      const list = Array.isArray(body) ? body : [body];
      const faults = list.map((raw, i) => {
        // JSON has no Infinity: "Infinity" stands for it.
        const fault = isObject(raw) && raw["times"] === "Infinity" ? { ...raw, times: Infinity } : raw;
        try {
          return checkFault(fault, Array.isArray(body) ? `fault[${i}]` : "fault");
        } catch (error) {
          throw new EmulatorHTTPError(400, "invalid_request_payload", {
            message: `invalid_request_payload (${(error as Error).message})`,
          });
        }
      });
      parts.faults.faults.push(...faults);
      return jsonResponse(200, { ok: true, faults: parts.faults.faults.length });
    }
    if (method === "GET") return jsonResponse(200, { faults: parts.faults.faults });
  }
  throw new EmulatorHTTPError(404, "bad_endpoint");
}
