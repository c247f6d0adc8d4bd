import type { SCIMErrorDetail } from "./errors.js";

// Slack appends context to some codes: `username_taken (user=W1)`, `no_filters (is_aggregate_call=1)`.
const codeWithContext = /^([A-Za-z][A-Za-z0-9_]*)\s*(?:\(.*\))?\s*$/s;

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/**
 * Reads an error body of either shape, on either version: 1.1 `{"Errors":{"description","code"}}` (also an
 * array of such objects) first, then 2.0 `{"detail","status","scimType"}`.
 */
export function parseErrorBody(body: unknown): SCIMErrorDetail {
  const root = asRecord(body);
  if (!root) return {};
  const errors = root["Errors"];
  const legacy = asRecord(Array.isArray(errors) ? errors[0] : errors);
  const detail = legacy?.["description"] ?? root["detail"];
  const scimType = root["scimType"];
  const out: SCIMErrorDetail = {};
  if (typeof detail === "string") {
    out.detail = detail;
    const code = codeWithContext.exec(detail.trim())?.[1];
    if (code !== undefined) out.errorCode = code;
  }
  if (typeof scimType === "string") out.scimType = scimType;
  return out;
}
