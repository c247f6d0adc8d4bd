import { badRequest } from "../errors.js";
import type { JSONObject } from "../json.js";

/** Refuses a write body without `schemas` (any present value is accepted, as Slack does). */
export function requireSchemas(body: JSONObject): void {
  if (body["schemas"] === undefined || body["schemas"] === null) throw badRequest("missing_schema_element");
}
