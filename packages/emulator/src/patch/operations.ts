import { SCIM2Schemas } from "slack-scim";
import { badRequest } from "../errors.js";
import { isObject } from "../json.js";

/** One RFC 7644 PATCH operation, `op` lower-cased. */
export interface PatchOperation {
  op: "add" | "replace" | "remove";
  path?: string;
  value?: unknown;
}

/**
 * Reads a PatchOp body: `schemas` must be present (`missing_schema_element`), `Operations` a non-empty list of
 * `add` / `replace` / `remove` (any case, as some IdPs send `Add`).
 */
export function patchOperations(body: unknown): PatchOperation[] {
  if (!isObject(body)) throw badRequest("invalid_request_payload");
  if (body["schemas"] === undefined || body["schemas"] === null) throw badRequest("missing_schema_element");
  const ops = body["Operations"] ?? body["operations"];
  if (!Array.isArray(ops) || ops.length === 0) throw badRequest("invalid_request_payload");
  return ops.map((raw) => {
    if (!isObject(raw)) throw badRequest("invalid_request_payload");
    const op = String(raw["op"] ?? "").toLowerCase();
    if (op !== "add" && op !== "replace" && op !== "remove") throw badRequest("invalid_request_payload");
    const path = raw["path"];
    if (path !== undefined && typeof path !== "string") throw badRequest("invalid_request_payload");
    const out: PatchOperation = { op };
    if (typeof path === "string" && path.trim() !== "") out.path = path;
    if ("value" in raw) out.value = raw["value"];
    return out;
  });
}

/** The PatchOp message URN (for documentation and tests). */
export const patchOpURN = SCIM2Schemas.PatchOp;
