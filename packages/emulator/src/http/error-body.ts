import { SCIM2Schemas } from "slack-scim";
import type { EmulatorHTTPError } from "../errors.js";
import type { Reply } from "./exchange.js";
import { jsonResponse } from "./respond.js";

/** How 2.0 errors are shaped (docs/behaviour.md, Error bodies). */
export interface ErrorStyle {
  v2ErrorStyle: "mixed" | "rfc" | "legacy";
  v2ErrorStatusType: "number" | "string";
  /** 429 bodies: 1.1 shape on both versions, or the version's own (docs/behaviour.md, Rate limits). */
  rateLimitErrorBody: "legacy" | "version";
}

function legacyShape(error: EmulatorHTTPError, version: 1 | 2, style: ErrorStyle): boolean {
  if (version === 1 || style.v2ErrorStyle === "legacy") return true;
  if (error.status === 429) return style.rateLimitErrorBody === "legacy";
  return style.v2ErrorStyle === "mixed" && (error.legacy || error.status === 401);
}

/**
 * The one place an {@link EmulatorHTTPError} becomes a body: 1.1 `{"Errors":{"description","code"}}`; 2.0
 * `{"schemas":[Error URN],"detail","status"}`, except auth errors (style `"mixed"`, the default) and 429s
 * (`rateLimitErrorBody: "legacy"`, the default), which Slack answers in the 1.1 shape on 2.0 too.
 */
export function errorResponse(error: EmulatorHTTPError, version: 1 | 2, style: ErrorStyle): Reply {
  const body = legacyShape(error, version, style)
    ? { Errors: { description: error.description, code: error.status } }
    : {
        schemas: [SCIM2Schemas.Error],
        detail: error.description,
        status: style.v2ErrorStatusType === "string" ? String(error.status) : error.status,
      };
  return jsonResponse(error.status, body, { ...error.headers });
}
