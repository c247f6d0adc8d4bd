import { checkSlackMethod } from "../routes/router.js";
import type { Step } from "./compose.js";
import type { Context } from "./context.js";

/**
 * Step 2: a method Slack's API never accepts (`TRACE`, `OPTIONS`, `HEAD`, an unknown one) gets 405
 * `method_not_allowed` with `Allow` on every path, before authentication, as Slack documents for "anything
 * else" than its five methods.
 */
export const checkMethod: Step<Context> = (ctx, next) => {
  checkSlackMethod(ctx.method, ctx.route);
  return next();
};
