import { PatchPathError, PathCursor, parseValueFilter, type ValueFilter } from "../patch/filter.js";
import { SCIMFilterError } from "./errors.js";

// RFC 7644 attrPath: an optional schema URN, a name, an optional sub-attribute (`name.familyName`).
const attributePath = /(?:urn:[A-Za-z0-9:._-]*:)?[A-Za-z][A-Za-z0-9_-]*(?:\.[A-Za-z][A-Za-z0-9_-]*)?/y;

/**
 * Checks the spacing Slack insists on (`incomplete_filter` otherwise): single spaces between tokens, none at
 * the ends, no tabs. Spaces inside string literals are the user's.
 */
function checkSpacing(text: string): void {
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i];
    if (inString) {
      if (ch === "\\") i += 1;
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"') inString = true;
    else if (ch === "\t" || ch === "\n" || ch === "\r") {
      throw new SCIMFilterError(text, "Slack accepts single spaces between tokens only", { position: i });
    } else if (ch === " " && (i === 0 || i === text.length - 1 || text[i + 1] === " ")) {
      throw new SCIMFilterError(text, "Slack accepts single spaces between tokens only", { position: i });
    }
  }
}

/**
 * Parses a whole SCIM filter (RFC 7644 section 3.4.2.2, with the literals JSON allows) with the same parser
 * as PATCH value paths. Throws {@link SCIMFilterError} naming the position of the first problem.
 *
 * @internal
 */
export function parseFilter(text: string): ValueFilter {
  if (text.trim() === "") throw new SCIMFilterError(text, "the filter is empty", { position: 0 });
  checkSpacing(text);
  const cursor = new PathCursor(text);
  try {
    const filter = parseValueFilter(cursor, { bareWords: false, attribute: attributePath });
    if (!cursor.atEnd()) {
      const rest = cursor.peek();
      cursor.fail(rest === ")" ? 'unmatched ")"' : `unexpected "${rest}" (expected "and", "or" or the end)`);
    }
    return filter;
  } catch (error) {
    if (error instanceof PatchPathError) {
      const reason = error.message.replace(/^Invalid PATCH path .* at position \d+: /s, "");
      throw new SCIMFilterError(text, reason, { position: error.position });
    }
    throw error;
  }
}
