import { EmulatorHTTPError } from "../errors.js";
import type { JSONObject } from "../json.js";
import { type RouteContext, readJSONBody } from "../routes/context.js";
import { handlerFor } from "../routes/router.js";
import type { SCIMVersion } from "../version.js";
import type { Step } from "./compose.js";
import type { AppParts, Context } from "./context.js";

/** Whether a `Content-Type` names JSON: `application/json` or `application/scim+json`, parameters allowed. */
function isJSONContentType(value: string | null): boolean {
  const type = value?.split(";", 1)[0]?.trim().toLowerCase();
  return type === "application/json" || type === "application/scim+json";
}

/** The body as JSON; with `strictContentType`, 415 first when a body comes with another content type. */
function readBody(parts: AppParts, ctx: Context): Promise<JSONObject> {
  const type = ctx.request.headers.get("content-type");
  if (parts.strictContentType && ctx.body.present && !isJSONContentType(type)) {
    throw new EmulatorHTTPError(415, "unsupported_media_type", {
      message: `unsupported_media_type (content-type ${type === null ? "missing" : `"${type}"`}; send application/json or application/scim+json)`,
    });
  }
  return readJSONBody(ctx.body);
}

function routeContext(parts: AppParts, ctx: Context, version: SCIMVersion): RouteContext {
  return {
    org: parts.org,
    version,
    render: {
      base: `${ctx.origin}${version.basePath}`,
      store: parts.org.store,
      orgDomain: parts.orgDomain,
      activeShown: parts.org.activeShown,
    },
    groupRemoveMembersWithValue: parts.groupRemoveMembersWithValue,
    statuses: parts.statuses[version.n],
    locks: parts.locks,
    query: ctx.query,
    body: async () => readBody(parts, ctx),
  };
}

/**
 * Step 8, the last: the route's handler answers. 404 `bad_endpoint` when the path names no endpoint; 405 (or
 * Slack's `missing_user_id` / `missing_group_id`) when the endpoint does not take the method.
 */
export function route(parts: AppParts): Step<Context> {
  return async (ctx) => {
    const handler = handlerFor(ctx.route, ctx.method);
    ctx.reply = await handler(routeContext(parts, ctx, ctx.version as SCIMVersion));
  };
}
