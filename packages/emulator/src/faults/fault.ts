/**
 * One injected fault. Faults are data: push one on `emulator.faults` or pass them as the `faults` option, or
 * send an `x-emulator-fault` header on a single request. Each fires for the first `times` matching requests.
 *
 * @example
 * ```ts
 * emulator.faults.push({ match: "POST /Users", status: 429, retryAfter: 0, times: 1 });
 * ```
 */
export interface Fault {
  /**
   * Which requests: `"METHOD /Path"` relative to the version base (`"POST /Users"`, `"GET /Users/*"`, `"* /Groups"`),
   * or a full path (`"PATCH /scim/v2/Users/*"`). `*` stands for one path segment or any method; a lone method
   * matches every path. @defaultValue every request
   */
  match?: string;
  /**
   * Resets the connection: `"before-body"`, before the request body is read (nothing applied); `"after-body"`,
   * after the request was handled (applied, no answer); `"mid-body"`, after sending the answer's status, headers
   * and half its body (applied; an empty answer is reset like `"after-body"`).
   */
  reset?: "before-body" | "after-body" | "mid-body";
  /** Answers this error status (400–599) instead of handling the request, with the version's error body. */
  status?: number;
  /** `Retry-After` sent with `status`: whole seconds, 0 or more. */
  retryAfter?: number;
  /** Slack error code in that body. @defaultValue by status (`too_many_requests`, `internal_error`, …) */
  code?: string;
  /** Delays the answer by this many milliseconds (combines with the other kinds). */
  latencyMs?: number;
  /** Sends the real answer with its JSON body cut in half (well framed, unparseable). */
  truncate?: boolean;
  /** Answers an HTML error page, with this status (400–599; `true` = 502), as a proxy in front of Slack would. */
  html?: boolean | number;
  /** How many matching requests it affects. @defaultValue 1 */
  times?: number;
}

/** A fault resolved for one request. */
export type ActiveFault = Fault & { source: "option" | "header" };

const faultFields = new Set([
  "match",
  "reset",
  "status",
  "retryAfter",
  "code",
  "latencyMs",
  "truncate",
  "html",
  "times",
]);

/** An error status a fault may answer: 400–599 (a 2xx or 3xx would send an error body as a success, or crash). */
const isStatus = (v: unknown) => typeof v === "number" && Number.isInteger(v) && v >= 400 && v <= 599;
const isDuration = (v: unknown) => typeof v === "number" && Number.isFinite(v) && v >= 0;
const isWholeSeconds = (v: unknown) => typeof v === "number" && Number.isInteger(v) && v >= 0;

/**
 * Checks one fault: known fields of the right types, `status` (and `html` as a status) an integer 400–599,
 * `retryAfter` a whole number of seconds ≥ 0,
 * `times` an integer of at least 1 or `Infinity`, `match` a string. Throws a `TypeError` naming the field
 * (`where` says which fault: `faults[2]`, `x-emulator-fault`, …).
 */
export function checkFault(value: unknown, where = "fault"): Fault {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new TypeError(`${where} must be an object`);
  }
  const f = value as Record<string, unknown>;
  const fail = (field: string, what: string) => new TypeError(`${where}.${field} must be ${what}`);
  for (const key of Object.keys(f)) {
    if (!faultFields.has(key)) throw new TypeError(`${where}: unknown field "${key}"`);
  }
  if (f["match"] !== undefined && typeof f["match"] !== "string") throw fail("match", "a string");
  if (
    f["reset"] !== undefined &&
    f["reset"] !== "before-body" &&
    f["reset"] !== "after-body" &&
    f["reset"] !== "mid-body"
  ) {
    throw fail("reset", '"before-body", "after-body" or "mid-body"');
  }
  if (f["status"] !== undefined && !isStatus(f["status"])) throw fail("status", "an integer from 400 to 599");
  if (f["retryAfter"] !== undefined && !isWholeSeconds(f["retryAfter"])) {
    throw fail("retryAfter", "a whole number of seconds, 0 or more");
  }
  if (f["code"] !== undefined && (typeof f["code"] !== "string" || f["code"] === "")) {
    throw fail("code", "a non-empty string");
  }
  if (f["latencyMs"] !== undefined && !isDuration(f["latencyMs"])) {
    throw fail("latencyMs", "a number of milliseconds, 0 or more");
  }
  if (f["truncate"] !== undefined && typeof f["truncate"] !== "boolean") throw fail("truncate", "a boolean");
  if (f["html"] !== undefined && typeof f["html"] !== "boolean" && !isStatus(f["html"])) {
    throw fail("html", "a boolean or an integer status from 400 to 599");
  }
  const times = f["times"];
  if (
    times !== undefined &&
    times !== Number.POSITIVE_INFINITY &&
    !(typeof times === "number" && Number.isInteger(times) && times >= 1)
  ) {
    throw fail("times", "an integer of 1 or more, or Infinity");
  }
  return value as Fault;
}

function compile(match: string | undefined): (method: string, path: string, full: string) => boolean {
  if (!match || match.trim() === "" || match.trim() === "*") return () => true;
  const [methodPart = "*", pathPart] = match.trim().split(/\s+/, 2);
  const method = methodPart.toUpperCase();
  const pattern =
    pathPart === undefined
      ? undefined
      : new RegExp(
          `^${pathPart
            .replace(/\/+$/, "")
            .split("*")
            .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
            .join("[^/]+")}/?$`,
          "i",
        );
  return (m, path, full) =>
    (method === "*" || method === m) && (!pattern || pattern.test(path) || pattern.test(full));
}

/**
 * Picks the fault for a request: the header's, else the first option fault with uses left. A fault that has
 * fired `times` times is removed from the list.
 */
export class FaultPlan {
  readonly faults: Fault[];
  #used = new WeakMap<Fault, number>();
  #matchers = new WeakMap<Fault, ReturnType<typeof compile>>();

  constructor(faults: Fault[]) {
    this.faults = faults;
  }

  /** Forgets how often each fault fired. */
  reset(): void {
    this.#used = new WeakMap();
  }

  /**
   * The option fault for this request, counting one use. A fault pushed onto the list with a bad field throws
   * the `TypeError` of {@link checkFault} for the requests it matches (for every request when its `match` itself
   * is not a string, since then nobody can tell which it matches); other requests are not affected.
   *
   * @param path - Relative to the version base, with a leading slash (`/Users/W1`).
   * @param full - The whole URL path (`/scim/v2/Users/W1`).
   */
  take(method: string, path: string, full: string): Fault | undefined {
    for (let i = 0; i < this.faults.length; i++) {
      const fault = this.faults[i] as Fault;
      let matcher = this.#matchers.get(fault);
      if (!matcher) {
        const match = (fault as { match?: unknown } | null)?.match;
        if (match !== undefined && typeof match !== "string") checkFault(fault, `emulator.faults[${i}]`);
        matcher = compile(match as string | undefined);
        this.#matchers.set(fault, matcher);
      }
      const used = this.#used.get(fault) ?? 0;
      if (used >= (fault.times ?? 1)) continue;
      if (!matcher(method, path, full)) continue;
      checkFault(fault, `emulator.faults[${i}]`);
      this.#used.set(fault, used + 1);
      if (used + 1 >= (fault.times ?? 1)) this.faults.splice(i, 1);
      return fault;
    }
    return undefined;
  }
}

/**
 * Parses the `x-emulator-fault` header: `;`-separated items, e.g. `status=503; retry-after=2`,
 * `reset=before-body`, `reset=after-body`, `reset=mid-body`, `latency=200`, `truncate`, `html` or `html=504`, `code=…`.
 * Returns `undefined` for an empty header; throws `TypeError` for an unknown item or a bad value (`status=99`).
 */
export function parseFaultHeader(header: string): Fault | undefined {
  const fault: Fault = {};
  let any = false;
  for (const item of header.split(/[;,]/)) {
    const [rawKey = "", ...rest] = item.split("=");
    const key = rawKey.trim().toLowerCase();
    const value = rest.join("=").trim();
    if (key === "") continue;
    any = true;
    const num = () => {
      const n = Number(value);
      if (value === "" || !Number.isFinite(n)) throw new TypeError(`x-emulator-fault: ${key} needs a number`);
      return n;
    };
    if (key === "reset") {
      const when = value === "" ? "before-body" : value.toLowerCase();
      if (when !== "before-body" && when !== "after-body" && when !== "mid-body")
        throw new TypeError(`x-emulator-fault: reset=${value}`);
      fault.reset = when;
    } else if (key === "status") fault.status = num();
    else if (key === "retry-after" || key === "retryafter") fault.retryAfter = num();
    else if (key === "latency" || key === "latencyms") fault.latencyMs = num();
    else if (key === "truncate") fault.truncate = true;
    else if (key === "html") fault.html = value === "" ? true : num();
    else if (key === "code") fault.code = value;
    else throw new TypeError(`x-emulator-fault: unknown item "${key}"`);
  }
  return any ? checkFault(fault, "x-emulator-fault") : undefined;
}

/** Slack-style error code for an injected status. */
export function codeForStatus(status: number): string {
  if (status === 429) return "too_many_requests";
  if (status === 401) return "invalid_authentication";
  if (status === 403) return "permission_denied";
  if (status === 404) return "bad_endpoint";
  if (status === 503) return "service_unavailable";
  if (status >= 500) return "internal_error";
  return "invalid_request_payload";
}

/** The HTML page a proxy in front of Slack answers with. */
export function htmlErrorPage(status: number): string {
  const title = `${status} ${status === 502 ? "Bad Gateway" : status === 504 ? "Gateway Timeout" : "Error"}`;
  return `<!DOCTYPE html>\n<html><head><title>${title}</title></head><body><h1>${title}</h1><p>The server encountered a temporary error.</p></body></html>\n`;
}
