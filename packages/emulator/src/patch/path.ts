import { badRequest, EmulatorHTTPError } from "../errors.js";
import { type ExtensionName, extensionURNs } from "../users/extensions.js";

/** A value filter inside brackets: `attr eq value` (the only operator PATCH paths need). */
export interface ValueFilter {
  /** Lower-cased attribute (`value`, `type`, `primary`). */
  attr: string;
  /** The compared value: a string, or `true`/`false` for booleans. */
  value: string | boolean;
}

/** A parsed PATCH path. */
export interface PatchPath {
  /** The extension the path starts with, if any. */
  ext?: ExtensionName;
  /** Lower-cased attribute name; `""` for a whole extension block. */
  attr: string;
  /** Value filter (`emails[type eq "work"]`). */
  filter?: ValueFilter;
  /** Lower-cased sub-attribute (`name.givenName` → `givenname`; `manager.managerId` → `manager.managerid`). */
  sub?: string;
}

const bracketFilter = /^\s*([A-Za-z_][\w.]*)\s+eq\s+(?:"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S+))\s*$/i;

/** Parses `value eq "W1"`, `value eq W1`, `primary eq true`, `type eq "work"`. */
export function parseValueFilter(text: string): ValueFilter {
  const m = bracketFilter.exec(text);
  if (!m) throw badRequest("invalid_request_payload");
  const attr = (m[1] ?? "").toLowerCase();
  if (m[2] !== undefined) {
    try {
      return { attr, value: JSON.parse(`"${m[2]}"`) as string };
    } catch {
      throw new EmulatorHTTPError(400, "invalid_request_payload", {
        message: `invalid_request_payload (bad escape in the filter literal "${m[2]}")`,
      });
    }
  }
  if (m[3] !== undefined) return { attr, value: m[3] };
  const bare = m[4] ?? "";
  if (/^(true|false)$/i.test(bare)) return { attr, value: bare.toLowerCase() === "true" };
  return { attr, value: bare };
}

/**
 * Parses a SCIM 2.0 PATCH path (or a 1.1 `meta.attributes` entry): core attributes with optional value filter
 * and sub-attribute, and extension paths in colon form (`…:User:employeeNumber`) or dot form
 * (`…:User.manager.managerId`).
 */
export function parsePath(raw: string): PatchPath {
  const path = raw.trim();
  const lower = path.toLowerCase();
  for (const [name, urns] of Object.entries(extensionURNs) as [ExtensionName, readonly string[]][]) {
    for (const urn of urns) {
      const u = urn.toLowerCase();
      if (lower === u) return { ext: name, attr: "" };
      if (lower.startsWith(u) && (lower[u.length] === ":" || lower[u.length] === ".")) {
        return { ext: name, ...parseCore(path.slice(u.length + 1)) };
      }
    }
  }
  return parseCore(path);
}

function parseCore(path: string): PatchPath {
  const open = path.indexOf("[");
  if (open >= 0) {
    const close = path.lastIndexOf("]");
    if (close < open) throw badRequest("invalid_request_payload");
    const attr = path.slice(0, open).trim().toLowerCase();
    const filter = parseValueFilter(path.slice(open + 1, close));
    const rest = path.slice(close + 1);
    if (rest !== "" && !rest.startsWith(".")) throw badRequest("invalid_request_payload");
    const out: PatchPath = { attr, filter };
    if (rest !== "") out.sub = rest.slice(1).toLowerCase();
    return out;
  }
  const dot = path.indexOf(".");
  if (dot < 0) return { attr: path.toLowerCase() };
  return { attr: path.slice(0, dot).toLowerCase(), sub: path.slice(dot + 1).toLowerCase() };
}
