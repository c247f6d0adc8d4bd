import { EmulatorHTTPError } from "../errors.js";
import type { Step } from "./compose.js";
import type { AppParts, Context } from "./context.js";

/** The token of `Authorization: Bearer <token>` (scheme in any case), `""` for none. */
function bearerToken(header: string | null): string {
  const match = /^Bearer +(.*)$/i.exec(header?.trim() ?? "");
  return match?.[1]?.trim() ?? "";
}

/**
 * 401 unless the request carries `Authorization: Bearer <one of tokens>`: `missing_authentication` without a
 * header (or an empty one), `invalid_authentication` otherwise; in the 1.1 error shape on both versions.
 */
export function requireToken(headers: Headers, tokens: ReadonlySet<string>): void {
  const header = headers.get("authorization");
  if (header === null || header.trim() === "") {
    throw new EmulatorHTTPError(401, "missing_authentication", { legacy: true });
  }
  if (!tokens.has(bearerToken(header))) {
    throw new EmulatorHTTPError(401, "invalid_authentication", { legacy: true });
  }
}

/**
 * Step 5: authentication. A public route (the capabilities document) needs no token; every other request needs
 * an accepted one. `ctx.authenticated` records whether the request carried one, for the fault step.
 */
export function authenticate(parts: AppParts): Step<Context> {
  return (ctx, next) => {
    if (ctx.route?.public) {
      ctx.authenticated = parts.tokens.has(bearerToken(ctx.request.headers.get("authorization")));
    } else {
      requireToken(ctx.request.headers, parts.tokens);
      ctx.authenticated = true;
    }
    return next();
  };
}
