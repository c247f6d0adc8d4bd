import { SCIMFilterError } from "../core/errors.js";
import type { ValueFilter } from "./grammar.js";
import { parseFilter } from "./grammar.js";

const parsed = new WeakMap<SCIMFilter, ValueFilter>();

/**
 * A SCIM filter built by {@link scimFilter}: its text has been parsed against the SCIM filter grammar, and
 * every interpolated value is a literal. Pass it wherever a `filter` is taken; `String(f)` is the text sent.
 */
export class SCIMFilter {
  /** The filter text, as sent in the `filter` query parameter. */
  readonly text: string;

  /** @internal Use {@link scimFilter} or {@link SCIMFilter.parse}. */
  constructor(text: string, tree: ValueFilter) {
    this.text = text;
    parsed.set(this, tree);
    Object.freeze(this);
  }

  /**
   * Parses a filter written as plain text (e.g. read from configuration), with the same checks as
   * {@link scimFilter}.
   *
   * @throws {@link SCIMFilterError} (a `TypeError`) naming the position of the first problem.
   */
  static parse(text: string): SCIMFilter {
    if (typeof text !== "string") throw new TypeError("SCIMFilter.parse: the filter must be a string");
    return new SCIMFilter(text, parseFilter(text));
  }

  /** The filter text. */
  toString(): string {
    return this.text;
  }

  /** The filter text, so a filter serialises as the string it stands for. */
  toJSON(): string {
    return this.text;
  }
}

/** The parse tree of a built filter. @internal */
export function filterTree(filter: SCIMFilter): ValueFilter {
  const tree = parsed.get(filter);
  if (tree === undefined) throw new TypeError("not a filter built by scimFilter");
  return tree;
}

/** SCIM text for one interpolated value: always a literal (or a parenthesised built filter). */
function literal(value: unknown, index: number, soFar: string): string {
  switch (typeof value) {
    case "string":
      // JSON string rules are SCIM's (RFC 7644 section 3.4.2.2): `"` and `\` escaped, unicode kept.
      return JSON.stringify(value);
    case "boolean":
    case "bigint":
      return String(value);
    case "number":
      if (Number.isFinite(value)) return String(value);
      break;
    case "object":
      if (value === null) return "null";
      if (value instanceof Date) {
        if (!Number.isNaN(value.getTime())) return JSON.stringify(value.toISOString());
        throw new SCIMFilterError(`${soFar}…`, `value ${index + 1} is an invalid Date`, {
          position: soFar.length,
        });
      }
      if (value instanceof SCIMFilter) return `(${value.text})`;
      break;
  }
  const shown = typeof value === "number" ? String(value) : typeof value;
  throw new SCIMFilterError(
    `${soFar}…`,
    `value ${index + 1} (${shown}) cannot be a SCIM literal; interpolate a string, number, boolean, null, Date or scimFilter`,
    { position: soFar.length },
  );
}

/**
 * Builds a SCIM filter from a template. Interpolated strings become quoted, escaped string literals (so user
 * input can never change the filter's shape); booleans, numbers and `null` stay bare; a `Date` becomes a
 * quoted ISO 8601 string; a filter built by `scimFilter` is inserted in parentheses. The result is parsed
 * against the SCIM filter grammar at once; a client method then checks the attributes and operators Slack
 * accepts for its version and resource.
 *
 * @throws {@link SCIMFilterError} (a `TypeError`) naming the position of the first problem.
 * @example
 * ```ts
 * const f = scimFilter`userName eq ${name} or email eq ${email}`;
 * await client.searchUsers({ filter: f, count: 100 });
 * ```
 */
export function scimFilter(strings: TemplateStringsArray, ...values: unknown[]): SCIMFilter {
  if (!Array.isArray(strings) || !Array.isArray((strings as { raw?: unknown }).raw)) {
    throw new TypeError("scimFilter is a template tag: scimFilter`userName eq …`");
  }
  let text = strings[0] ?? "";
  for (let i = 0; i < values.length; i += 1) {
    text += literal(values[i], i, text) + (strings[i + 1] ?? "");
  }
  return new SCIMFilter(text, parseFilter(text));
}
