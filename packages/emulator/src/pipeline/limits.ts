import { EmulatorHTTPError } from "../errors.js";
import type { Step } from "./compose.js";
import type { AppParts, Context } from "./context.js";

/** `PUT` or `PATCH /Groups/{id}`: the requests whose bursts Slack documents as `resource_locked`. */
function isGroupUpdate(ctx: Context): boolean {
  return ctx.segments[0] === "Groups" && ctx.segments.length === 2 && /^(PUT|PATCH)$/.test(ctx.method);
}

/**
 * Step 7: Slack's rate limits, counted by the route the request will take (a path that names no endpoint costs
 * nothing). Over a limit: 429 with `Retry-After`, `too_many_requests`, except a group update, for which Slack
 * documents `resource_locked` (too many group updates in a short time). A write then refused by
 * the per-resource lock did nothing, so it gets its tokens back.
 */
export function rateLimit(parts: AppParts): Step<Context> {
  return async (ctx, next) => {
    if (!ctx.route) return next();
    const path = ctx.segments.map(encodeURIComponent).join("/");
    let refund: () => void;
    try {
      refund = parts.limiter.take(ctx.method, path, parts.org.now());
    } catch (error) {
      if (error instanceof EmulatorHTTPError && error.status === 429 && isGroupUpdate(ctx)) {
        throw new EmulatorHTTPError(429, "resource_locked", { headers: { ...error.headers } });
      }
      throw error;
    }
    await next();
    if (ctx.error instanceof EmulatorHTTPError && ctx.error.code === "resource_locked") refund();
  };
}
