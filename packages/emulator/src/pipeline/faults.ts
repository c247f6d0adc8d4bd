import { setTimeout as sleep } from "node:timers/promises";
import { EmulatorHTTPError } from "../errors.js";
import { codeForStatus, type Fault, htmlErrorPage, parseFaultHeader } from "../faults/fault.js";
import { textResponse } from "../http/respond.js";
import type { Step } from "./compose.js";
import type { AppParts, Context } from "./context.js";

/** The request's fault: its `x-emulator-fault` header (400 when malformed), else the first queued match. */
function pickFault(parts: AppParts, ctx: Context): Fault | undefined {
  const header = parts.faultHeader ? ctx.request.headers.get("x-emulator-fault") : null;
  if (header) {
    try {
      const fault = parseFaultHeader(header);
      if (fault) return fault;
    } catch (error) {
      throw new EmulatorHTTPError(400, "invalid_request_payload", { message: String(error) });
    }
  }
  // A fault pushed onto `emulator.faults` with a bad field throws here: a 500 that says so.
  return parts.faults.take(ctx.method, ctx.rel === "" ? ctx.path : ctx.rel, ctx.path);
}

/**
 * Step 6: fault injection, only for requests that carry an accepted token, so an unauthenticated request can
 * neither trigger a fault nor use up a queued one. Before the rest of the pipeline: latency, a reset before the
 * body, an HTML page or an error status. After it: a reset after (or in the middle of) the answer, or the answer
 * cut in half.
 */
export function injectFaults(parts: AppParts): Step<Context> {
  return async (ctx, next) => {
    const fault = ctx.authenticated ? pickFault(parts, ctx) : undefined;
    if (!fault) return next();
    if (fault.latencyMs) await sleep(fault.latencyMs);
    if (fault.reset === "before-body") {
      ctx.reset = "before-body";
      return;
    }
    if (fault.html !== undefined && fault.html !== false) {
      const status = fault.html === true ? 502 : fault.html;
      ctx.reply = textResponse(status, htmlErrorPage(status), { "content-type": "text/html; charset=utf-8" });
      return;
    }
    if (fault.status !== undefined) {
      const headers: Record<string, string> = {};
      if (fault.retryAfter !== undefined) headers["retry-after"] = String(fault.retryAfter);
      throw new EmulatorHTTPError(fault.status, fault.code ?? codeForStatus(fault.status), { headers });
    }
    await next();
    if (fault.reset === "after-body" || fault.reset === "mid-body") {
      await ctx.body.discard();
      ctx.reset = fault.reset;
    } else if (fault.truncate && ctx.reply) {
      const { body } = ctx.reply;
      ctx.reply = { ...ctx.reply, body: body.slice(0, Math.floor(body.length / 2)) };
    }
  };
}
