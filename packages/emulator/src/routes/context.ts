import { badRequest } from "../errors.js";
import type { SuccessStatuses } from "../options.js";
import type { Org } from "../org.js";
import type { WriteLocks } from "../rate-limits.js";
import type { RenderContext } from "../render/user.js";
import { isObject, type JSONObject } from "../users/slots.js";
import type { SCIMVersion } from "../version.js";

/** Everything a route handler needs for one request. */
export interface RouteContext {
  org: Org;
  version: SCIMVersion;
  render: RenderContext;
  statuses: SuccessStatuses;
  locks: WriteLocks;
  /** 2.0 group PATCH `remove` on `members` with a value list: only those, or all (section 9.21). */
  groupRemoveMembersWithValue: "listed" | "all";
  /** Query parameters by lower-cased name (Slack's changelog once wrote `startindex`). */
  query: Map<string, string>;
  /** The request body as a JSON object (`invalid_request_payload` otherwise). */
  body(): Promise<JSONObject>;
}

/** Reads a request body as a JSON object. */
export async function readJSONBody(request: Request): Promise<JSONObject> {
  const text = await request.text();
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw badRequest("invalid_request_payload");
  }
  if (!isObject(value)) throw badRequest("invalid_request_payload");
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
