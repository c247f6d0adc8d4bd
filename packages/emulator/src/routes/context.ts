import { badRequest, EmulatorHTTPError } from "../errors.js";
import type { RequestBody } from "../http/body.js";
import { isObject, type JSONObject } from "../json.js";
import type { SuccessStatuses } from "../options.js";
import type { Org } from "../org.js";
import type { WriteLocks } from "../rate-limits.js";
import type { RenderContext } from "../render/user.js";
import type { SCIMVersion } from "../version.js";

/** Everything a route handler needs for one request. */
export interface RouteContext {
  org: Org;
  version: SCIMVersion;
  render: RenderContext;
  statuses: SuccessStatuses;
  locks: WriteLocks;
  /** 2.0 group PATCH `remove` on `members` with a value list: only those, or all (docs/behaviour.md, Groups). */
  groupRemoveMembersWithValue: "listed" | "all";
  /** Query parameters by lower-cased name (Slack's changelog once wrote `startindex`). */
  query: Map<string, string>;
  /** The request body as a JSON object (`invalid_request_payload` otherwise). */
  body(): Promise<JSONObject>;
}

/** Deepest nesting of arrays and objects a body may have (a deeper one is refused, not recursed into). */
export const maxBodyDepth = 64;

/** Whether a parsed JSON value nests arrays and objects deeper than `max` (checked without recursion). */
function nestedDeeperThan(value: unknown, max: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop() as [unknown, number];
    if (typeof v !== "object" || v === null) continue;
    if (depth >= max) return true;
    for (const child of Array.isArray(v) ? v : Object.values(v)) {
      if (typeof child === "object" && child !== null) stack.push([child, depth + 1]);
    }
  }
  return false;
}

/** Reads a request body as a JSON object (`invalid_request_payload` otherwise, 413 over 10 MiB). */
export async function readJSONBody(body: RequestBody): Promise<JSONObject> {
  const text = await body.text();
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw badRequest("invalid_request_payload");
  }
  if (!isObject(value)) throw badRequest("invalid_request_payload");
  if (nestedDeeperThan(value, maxBodyDepth)) {
    throw new EmulatorHTTPError(400, "invalid_request_payload", {
      message: `invalid_request_payload (nested more than ${maxBodyDepth} levels deep)`,
    });
  }
  return value;
}

/** Paging parameters: `startIndex` 1-based (default 1), `count` default 10, clamped to 0…1000. */
export function paging(query: Map<string, string>): { startIndex: number; count: number } {
  const rawStart = Number.parseInt(query.get("startindex") ?? "", 10);
  const rawCount = Number.parseInt(query.get("count") ?? "", 10);
  const startIndex = Number.isNaN(rawStart) || rawStart < 1 ? 1 : rawStart;
  const count = Number.isNaN(rawCount) ? 10 : Math.min(1000, Math.max(0, rawCount));
  const sortOrder = query.get("sortorder");
  if (sortOrder !== undefined && sortOrder !== "ascending" && sortOrder !== "descending") {
    throw badRequest("invalid_sort_order");
  }
  return { startIndex, count };
}
