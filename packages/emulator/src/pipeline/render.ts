import { EmulatorHTTPError } from "../errors.js";
import { type ErrorStyle, errorResponse } from "../http/error-body.js";
import type { Context } from "./context.js";

/**
 * The pipeline's error handler: a thrown {@link EmulatorHTTPError} becomes the version's error body (1.1 shape
 * when the version is unknown); anything else is a 500 `internal_error` that names it.
 */
export function renderError(style: ErrorStyle): (error: unknown, ctx: Context) => void {
  return (error, ctx) => {
    const version = ctx.version?.n ?? 1;
    if (error instanceof EmulatorHTTPError) {
      ctx.reply = errorResponse(error, version, style);
      return;
    }
    const message = error instanceof Error ? error.message : String(error);
    const internal = new EmulatorHTTPError(500, "internal_error", { message: `internal_error (${message})` });
    ctx.reply = errorResponse(internal, version, style);
  };
}
