import { EmulatorHTTPError } from "../errors.js";
import type { Step } from "./compose.js";
import type { Context } from "./context.js";

/**
 * Step 4: a path outside `/scim/v1/` and `/scim/v2/` ends here, before authentication: 400
 * `unsupported_version` for another `/scim/vN`, 404 `bad_endpoint` for anything else.
 */
export const requireVersion: Step<Context> = (ctx, next) => {
  if (ctx.version) return next();
  if (/^\/scim\/v\d+(\/|$)/.test(ctx.path)) throw new EmulatorHTTPError(400, "unsupported_version");
  throw new EmulatorHTTPError(404, "bad_endpoint");
};
