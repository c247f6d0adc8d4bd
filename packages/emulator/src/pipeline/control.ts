import { EmulatorHTTPError } from "../errors.js";
import { checkFault } from "../faults/fault.js";
import type { Reply } from "../http/exchange.js";
import { jsonResponse } from "../http/respond.js";
import { isObject } from "../json.js";
import { requireToken } from "./auth.js";
import type { Step } from "./compose.js";
import type { AppParts, Context } from "./context.js";

async function addFaults(parts: AppParts, ctx: Context): Promise<Reply> {
  let body: unknown;
  try {
    body = JSON.parse(await ctx.body.text());
  } catch (error) {
    if (error instanceof EmulatorHTTPError) throw error;
    throw new EmulatorHTTPError(400, "invalid_request_payload");
  }
  const list = Array.isArray(body) ? body : [body];
  const faults = list.map((raw, i) => {
    // JSON has no Infinity: "Infinity" stands for it.
    const fault = isObject(raw) && raw["times"] === "Infinity" ? { ...raw, times: Infinity } : raw;
    try {
      return checkFault(fault, Array.isArray(body) ? `fault[${i}]` : "fault");
    } catch (error) {
      throw new EmulatorHTTPError(400, "invalid_request_payload", {
        message: `invalid_request_payload (${(error as Error).message})`,
      });
    }
  });
  parts.faults.faults.push(...faults);
  return jsonResponse(200, { ok: true, faults: parts.faults.faults.length });
}

async function answer(parts: AppParts, ctx: Context): Promise<Reply> {
  requireToken(ctx.request.headers, new Set([parts.adminToken]));
  const { path, method } = ctx;
  if (path === "/_emulator/reset" && method === "POST") {
    parts.reset();
    return jsonResponse(200, { ok: true });
  }
  if (path === "/_emulator/faults") {
    if (method === "DELETE") {
      parts.faults.faults.length = 0;
      return jsonResponse(200, { ok: true, faults: 0 });
    }
    if (method === "POST") return addFaults(parts, ctx);
    if (method === "GET") return jsonResponse(200, { faults: parts.faults.faults });
  }
  throw new EmulatorHTTPError(404, "bad_endpoint");
}

/**
 * Step 3: the control routes, admin token only, answered here (no faults, no rate limits, so a bad fault can
 * always be listed and cleared): `POST /_emulator/reset`; `GET`, `POST` (one fault or a list) and `DELETE`
 * (clear) `/_emulator/faults`.
 */
export function controlRoutes(parts: AppParts): Step<Context> {
  return async (ctx, next) => {
    if (!ctx.control) return next();
    ctx.reply = await answer(parts, ctx);
  };
}
