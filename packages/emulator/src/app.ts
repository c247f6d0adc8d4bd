import { EmulatorHTTPError } from "./errors.js";
import { errorResponse } from "./http/error-body.js";
import type { IncomingRequest, Outcome } from "./http/exchange.js";
import { authenticate } from "./pipeline/auth.js";
import { compose } from "./pipeline/compose.js";
import { type AppParts, type Context, newContext } from "./pipeline/context.js";
import { controlRoutes } from "./pipeline/control.js";
import { injectFaults } from "./pipeline/faults.js";
import { rateLimit } from "./pipeline/limits.js";
import { checkMethod } from "./pipeline/method.js";
import { parseRequest } from "./pipeline/parse.js";
import { renderError } from "./pipeline/render.js";
import { route } from "./pipeline/route.js";
import { requireVersion } from "./pipeline/version.js";

export type { AppParts } from "./pipeline/context.js";

/** The emulator's core: one request in, what to do with the connection out. */
export type App = (request: IncomingRequest) => Promise<Outcome>;

/** What the adapter does once the pipeline is through: the answer, or the reset a fault asked for. */
function outcomeOf(ctx: Context, parts: AppParts): Outcome {
  const reply =
    ctx.reply ??
    errorResponse(
      new EmulatorHTTPError(500, "internal_error", { message: "internal_error (no answer)" }),
      ctx.version?.n ?? 1,
      parts.style,
    );
  if (ctx.reset === "before-body" || ctx.reset === "after-body") return { kind: "reset", mode: ctx.reset };
  // An empty answer has no middle: it is reset like after-body.
  if (ctx.reset === "mid-body") {
    return reply.body === ""
      ? { kind: "reset", mode: "after-body" }
      : { kind: "reset", mode: "mid-body", reply };
  }
  return { kind: "reply", reply, close: ctx.body.abandoned };
}

/**
 * Builds the emulator's request pipeline. It reads top to bottom; each step is one file in `pipeline/`, gets the
 * request's context and calls `next()` for the rest, and any error a step throws becomes the version's error
 * body (`renderError`) in that step's place.
 */
export function createApp(parts: AppParts): App {
  const run = compose<Context>(
    [
      parseRequest, // the request line as sent: version, path segments (each decoded once), query, route
      checkMethod, // 405 + Allow for a method Slack never accepts
      controlRoutes(parts), // /_emulator/*: admin token, answered here
      requireVersion, // 400 unsupported_version / 404 bad_endpoint outside /scim/v1 and /scim/v2
      authenticate(parts), // 401 unless a known token (the capabilities document needs none)
      injectFaults(parts), // only for requests with an accepted token
      rateLimit(parts), // 429 + Retry-After
      route(parts), // the endpoint's handler (404 / 405 when there is none)
    ],
    renderError(parts.style),
  );
  return async (request) => {
    const ctx = newContext(request);
    await run(ctx);
    return outcomeOf(ctx, parts);
  };
}
