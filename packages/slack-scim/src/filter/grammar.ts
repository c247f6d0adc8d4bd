import { SCIMFilterError } from "../core/errors.js";

/** A comparison operator of a SCIM filter (RFC 7644 section 3.4.2.2). */
export type FilterOperator = "eq" | "ne" | "co" | "sw" | "ew" | "gt" | "lt" | "ge" | "le";

/** A literal on the right of a comparison: a SCIM string, number, boolean or `null`. */
export type FilterValue = string | number | boolean | null;

/** The parsed inside of a value filter such as `emails[type eq "work" and primary eq true]`. */
export type ValueFilter =
  | {
      /** A comparison: `attribute operator value`. */
      readonly kind: "compare";
      /** Sub-attribute compared (`type`, `primary`, `value`). */
      readonly attribute: string;
      /** Comparison operator. */
      readonly operator: FilterOperator;
      /** Literal compared against. */
      readonly value: FilterValue;
    }
  | {
      /** A presence test: `attribute pr`. */
      readonly kind: "present";
      /** Sub-attribute that must have a value. */
      readonly attribute: string;
    }
  | {
      /** Both (`and`) or either (`or`) of two filters. */
      readonly kind: "and" | "or";
      /** Left operand. */
      readonly left: ValueFilter;
      /** Right operand. */
      readonly right: ValueFilter;
    }
  | {
      /** The negation of a filter: `not (filter)`. */
      readonly kind: "not";
      /** The negated filter. */
      readonly filter: ValueFilter;
    };

/**
 * A break of the filter grammar at one place. Internal: callers turn it into their own public error
 * (`SCIMFilterError` for filters, `PatchPathError` for PATCH paths), so the grammar is written once.
 */
export class FilterSyntaxError extends Error {
  /** 0-based offset into the text where the problem starts. */
  readonly position: number;
  /** What is wrong, without the text or the position. */
  readonly reason: string;

  constructor(position: number, reason: string) {
    super(`${reason} at position ${position}`);
    this.name = "FilterSyntaxError";
    this.position = position;
    this.reason = reason;
  }
}

const OPERATORS = new Set<string>(["eq", "ne", "co", "sw", "ew", "gt", "lt", "ge", "le"]);
const NAME = /[A-Za-z][A-Za-z0-9_-]*/y;
// Slack's docs write member ids unquoted (`members[value eq W1]`), so bare words are accepted as strings.
const BARE = /[A-Za-z0-9_@.+:-]+/y;
const NUMBER = /^-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?$/;
const WS = /[ \t]*/y;

/** A cursor over a filter or a PATCH path; helpers throw {@link FilterSyntaxError} at the cursor's position. */
export class FilterCursor {
  pos: number;
  readonly text: string;

  constructor(text: string, pos = 0) {
    this.text = text;
    this.pos = pos;
  }

  fail(reason: string, at = this.pos): never {
    throw new FilterSyntaxError(at, reason);
  }

  atEnd(): boolean {
    return this.pos >= this.text.length;
  }

  peek(): string {
    return this.text[this.pos] ?? "";
  }

  skipSpaces(): void {
    WS.lastIndex = this.pos;
    WS.exec(this.text);
    this.pos = WS.lastIndex;
  }

  name(what: string): string {
    NAME.lastIndex = this.pos;
    const m = NAME.exec(this.text);
    if (m === null) this.fail(`expected ${what}`);
    this.pos = NAME.lastIndex;
    return m[0];
  }

  expect(char: string): void {
    if (this.peek() !== char) this.fail(`expected "${char}"`);
    this.pos += 1;
  }
}

/**
 * How a filter is read. The defaults read the inside of a PATCH value path; `scimFilter` reads whole `GET`
 * filters with RFC 7644's literals and attribute paths.
 */
export interface FilterGrammarOptions {
  /** Accept bare words as strings (`members[value eq W1]`, as Slack's docs write them). @defaultValue true */
  bareWords?: boolean;
  /** Attribute names: sticky regex. @defaultValue `[A-Za-z][A-Za-z0-9_-]*` */
  attribute?: RegExp;
}

/** Parses `attr op value` expressions joined by `and`, `or`, `not` and parentheses, up to the closing `]`. */
export function parseValueFilter(cursor: FilterCursor, options: FilterGrammarOptions = {}): ValueFilter {
  const filter = parseOr(cursor, options);
  cursor.skipSpaces();
  return filter;
}

function parseOr(c: FilterCursor, o: FilterGrammarOptions): ValueFilter {
  let left = parseAnd(c, o);
  while (keyword(c, "or")) left = { kind: "or", left, right: parseAnd(c, o) };
  return left;
}

function parseAnd(c: FilterCursor, o: FilterGrammarOptions): ValueFilter {
  let left = parseAtom(c, o);
  while (keyword(c, "and")) left = { kind: "and", left, right: parseAtom(c, o) };
  return left;
}

function keyword(c: FilterCursor, word: string): boolean {
  c.skipSpaces();
  const next = c.text.slice(c.pos, c.pos + word.length + 1);
  if (next.toLowerCase() === `${word} ` || next.toLowerCase() === `${word}(`) {
    c.pos += word.length;
    return true;
  }
  return false;
}

function parseAtom(c: FilterCursor, o: FilterGrammarOptions): ValueFilter {
  c.skipSpaces();
  if (keyword(c, "not")) {
    c.skipSpaces();
    c.expect("(");
    const filter = parseOr(c, o);
    c.skipSpaces();
    c.expect(")");
    return { kind: "not", filter };
  }
  if (c.peek() === "(") {
    c.pos += 1;
    const inner = parseOr(c, o);
    c.skipSpaces();
    c.expect(")");
    return inner;
  }
  const attribute = o.attribute ? attributeName(c, o.attribute) : c.name("an attribute name in the filter");
  if (c.peek() !== " ") c.fail("expected a space after the attribute name");
  c.skipSpaces();
  const opAt = c.pos;
  const op = c.name("an operator").toLowerCase();
  if (op === "pr") return { kind: "present", attribute };
  if (!OPERATORS.has(op)) c.fail(`unknown operator "${op}"`, opAt);
  if (c.peek() !== " ") c.fail("expected a space after the operator");
  c.skipSpaces();
  return { kind: "compare", attribute, operator: op as FilterOperator, value: parseComparand(c, o) };
}

function attributeName(c: FilterCursor, pattern: RegExp): string {
  pattern.lastIndex = c.pos;
  const m = pattern.exec(c.text);
  if (m === null) c.fail("expected an attribute name in the filter");
  c.pos = pattern.lastIndex;
  return m[0];
}

function parseComparand(c: FilterCursor, o: FilterGrammarOptions): FilterValue {
  if (c.peek() === '"') return parseString(c);
  const start = c.pos;
  BARE.lastIndex = c.pos;
  const m = BARE.exec(c.text);
  if (m === null) c.fail("expected a value (a quoted string, number, true, false or null)");
  c.pos = BARE.lastIndex;
  const word = m[0];
  if (word === "true") return true;
  if (word === "false") return false;
  if (word === "null") return null;
  if (NUMBER.test(word)) return Number(word);
  if (o.bareWords === false) {
    c.fail(`expected a value (a quoted string, number, true, false or null), not "${word}"`, start);
  }
  if (word.startsWith("-") || word.startsWith(".")) c.fail(`invalid value "${word}"`, start);
  return word;
}

function parseString(c: FilterCursor): string {
  const start = c.pos;
  let i = c.pos + 1;
  for (;;) {
    const ch = c.text[i];
    if (ch === undefined) c.fail("unterminated string", start);
    if (ch === '"') break;
    if (ch === "\\") {
      const esc = c.text[i + 1];
      if (esc === "u") {
        if (!/^[0-9a-fA-F]{4}$/.test(c.text.slice(i + 2, i + 6))) c.fail("invalid \\u escape", i);
        i += 6;
        continue;
      }
      if (esc === undefined || !'"\\/bfnrt'.includes(esc)) c.fail("invalid escape in string", i);
      i += 2;
      continue;
    }
    if (ch < " ") c.fail("control character in string", i);
    i += 1;
  }
  c.pos = i + 1;
  // SCIM string literals are JSON strings (RFC 7644 section 3.4.2.2).
  return JSON.parse(c.text.slice(start, i + 1)) as string;
}

/** Quotes `value` as a SCIM string literal: JSON rules, so `"` and `\` are escaped. */
export function scimStringLiteral(value: string): string {
  return JSON.stringify(value);
}

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
  const cursor = new FilterCursor(text);
  try {
    const filter = parseValueFilter(cursor, { bareWords: false, attribute: attributePath });
    if (!cursor.atEnd()) {
      const rest = cursor.peek();
      cursor.fail(rest === ")" ? 'unmatched ")"' : `unexpected "${rest}" (expected "and", "or" or the end)`);
    }
    return filter;
  } catch (error) {
    if (error instanceof FilterSyntaxError) {
      throw new SCIMFilterError(text, error.reason, { position: error.position });
    }
    throw error;
  }
}
