import { EmulatorHTTPError } from "../errors.js";
import { findRoute } from "../routes/router.js";
import { v1, v2 } from "../version.js";
import type { Step } from "./compose.js";
import type { Context } from "./context.js";

const versionPath = /^\/scim\/v(\d+)(\/.*)?$/;
/** `http://host` in front of an absolute-form request target (`GET http://host/scim/v2/Users HTTP/1.1`). */
const absoluteForm = /^[a-z][a-z\d+.-]*:\/\/[^/?]*/i;

/** A path segment percent-decoded once; one that is not valid percent-encoding is taken as it is. */
function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** The origin the client addressed, or 400 when its `Host` makes no `http://host[:port]`. */
function checkedOrigin(origin: string): string {
  let url: URL | undefined;
  try {
    url = new URL(origin);
  } catch {
    url = undefined;
  }
  const bare = url && url.pathname === "/" && url.search === "" && url.hash === "" && url.username === "";
  if (!url || !bare || url.password !== "") {
    throw new EmulatorHTTPError(400, "invalid_request_payload", {
      message: "invalid_request_payload (the Host header is not a host name and port)",
    });
  }
  return url.origin;
}

/**
 * Step 1: reads the request line as sent. The path is split into segments before anything is decoded, and each
 * segment is decoded once: `%2e%2e`, `%2F` or a backslash stay inside the segment they came in (an id that
 * names no user or group), never a way to another route. Finds the version and the route; refuses nothing but
 * a `Host` that makes no origin.
 */
export const parseRequest: Step<Context> = (ctx, next) => {
  const target = ctx.request.target.replace(absoluteForm, "");
  const q = target.indexOf("?");
  ctx.path = q < 0 ? target : target.slice(0, q);
  for (const [key, value] of new URLSearchParams(q < 0 ? "" : target.slice(q + 1))) {
    ctx.query.set(key.toLowerCase(), value);
  }
  ctx.control = ctx.path.startsWith("/_emulator/");
  const m = versionPath.exec(ctx.path);
  ctx.version = m?.[1] === "1" ? v1 : m?.[1] === "2" ? v2 : undefined;
  if (ctx.version) {
    ctx.rel = m?.[2] ?? "";
    // `rel` is "" or starts with "/"; one trailing slash is allowed (`/Groups/`), an empty segment elsewhere
    // (`/Users//W1`) names no endpoint.
    const raw = ctx.rel.split("/").slice(1);
    if (raw.at(-1) === "") raw.pop();
    ctx.segments = raw.map(decodeSegment);
    ctx.route = findRoute(ctx.version, ctx.segments);
  }
  ctx.origin = checkedOrigin(ctx.request.origin);
  return next();
};
