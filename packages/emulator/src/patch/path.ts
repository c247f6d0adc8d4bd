import { badRequest, EmulatorHTTPError } from "../errors.js";
import type { FilterNode } from "../filter/grammar.js";
import { parsePathText } from "../filter/grammar.js";
import { FilterSyntaxError } from "../filter/lexer.js";
import { type ExtensionName, extensionURNs } from "../rules/extensions.js";

/** A parsed PATCH path. */
export interface PatchPath {
  /** The extension the path starts with, if any. */
  ext?: ExtensionName;
  /** Lower-cased attribute name; `""` for a whole extension block. */
  attr: string;
  /** Value filter (`emails[type eq "work"]`): any RFC 7644 filter over the values' sub-attributes. */
  filter?: FilterNode;
  /** Lower-cased sub-attribute (`name.givenName` → `givenname`; `manager.managerId` → `manager.managerid`). */
  sub?: string;
}

/** A path that does not parse: 400 `invalid_request_payload`, naming a bad escape when that is the cause. */
function pathError(error: unknown): unknown {
  if (!(error instanceof FilterSyntaxError)) return error;
  if (error.reason === "escape") {
    return new EmulatorHTTPError(400, "invalid_request_payload", {
      message: `invalid_request_payload (bad escape in the filter literal "${error.literal}")`,
    });
  }
  return badRequest("invalid_request_payload");
}

/**
 * Parses a SCIM 2.0 PATCH path (or a 1.1 `meta.attributes` entry): core attributes with an optional value filter
 * and sub-attribute, and extension paths in colon form (`…:User:employeeNumber`) or dot form
 * (`…:User.manager.managerId`). Value filters accept unquoted values (`members[value eq W1]`), as Slack's
 * documentation writes them.
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
  try {
    const node = parsePathText(path, { bareWords: true });
    const out: PatchPath = { attr: node.attr.toLowerCase() };
    if (node.filter) out.filter = node.filter;
    if (node.sub !== undefined) out.sub = node.sub.toLowerCase();
    return out;
  } catch (error) {
    throw pathError(error);
  }
}
