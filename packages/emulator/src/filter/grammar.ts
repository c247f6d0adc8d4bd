import { FilterSyntaxError, type Token, tokenize } from "./lexer.js";

/**
 * The SCIM filter grammar of RFC 7644 section 3.4.2.2, and the PATCH path of section 3.5.2, as one small
 * recursive-descent parser. It is the emulator's own, independent of the client's, so that the two witness each
 * other. Slack's narrower rules (which attributes and operators a list filter may use, its spacing) are checked
 * by the callers on the tree and the tokens.
 *
 * ```
 * FILTER    = orExp
 * orExp     = andExp *("or" andExp)             ; and binds tighter than or
 * andExp    = unary *("and" unary)
 * unary     = "not" "(" FILTER ")" / "(" FILTER ")" / attrExp / valuePath
 * attrExp   = attrPath "pr" / attrPath compareOp compValue
 * valuePath = attrPath "[" FILTER "]"              ; no value path inside another
 * PATH      = attrPath / valuePath ["." subAttr]
 * compValue = string / number / true / false / null
 * ```
 *
 * Keywords and operators are case-insensitive.
 */

/** The comparison operators of RFC 7644. */
export type CompareOp = "eq" | "ne" | "co" | "sw" | "ew" | "gt" | "ge" | "lt" | "le";

/** A literal a filter compares with. */
export type FilterValue = string | number | boolean | null;

/** A parsed filter; `attr` is the attribute path as written. */
export type FilterNode =
  | { op: "and"; filters: FilterNode[] }
  | { op: "or"; filters: FilterNode[] }
  | { op: "not"; filter: FilterNode }
  | { op: "pr"; attr: string }
  | { op: CompareOp; attr: string; value: FilterValue }
  | { op: "[]"; attr: string; filter: FilterNode };

/** A parsed PATCH path: `emails`, `name.givenName`, `emails[type eq "work"].value`. */
export interface PathNode {
  /** The attribute as written, without its sub-attribute. */
  attr: string;
  /** The value filter between brackets. */
  filter?: FilterNode;
  /** The sub-attribute as written (`givenName`, `value`). */
  sub?: string;
}

/** Parser options. */
export interface GrammarOptions {
  /**
   * Accept an unquoted word as a string value (`members[value eq W1]`, as Slack's documentation writes PATCH
   * paths). RFC 7644 allows only JSON literals. @defaultValue false
   */
  bareWords?: boolean;
}

const compareOps = new Set<string>(["eq", "ne", "co", "sw", "ew", "gt", "ge", "lt", "le"]);
const name = "[A-Za-z_$][\\w$-]*";
/** `[URN ":"] ATTRNAME ["." subAttr]`; the URN is everything up to the last colon. */
const attrPathPattern = new RegExp(`^(?:urn:[^\\s()\\[\\]"']*:)?${name}(?:\\.${name})?$`, "i");
const subAttrPattern = new RegExp(`^\\.${name}$`);
const numberPattern = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;
/** Deepest nesting of parentheses a filter may have (a deeper one is refused, not recursed into). */
export const maxFilterDepth = 50;

class Parser {
  readonly #tokens: readonly Token[];
  readonly #length: number;
  readonly #bareWords: boolean;
  #i = 0;
  #depth = 0;

  constructor(tokens: readonly Token[], length: number, options: GrammarOptions) {
    this.#tokens = tokens;
    this.#length = length;
    this.#bareWords = options.bareWords ?? false;
  }

  peek(): Token | undefined {
    return this.#tokens[this.#i];
  }

  next(what: string): Token {
    const token = this.#tokens[this.#i];
    if (!token) throw new FilterSyntaxError("end", this.#length, `expected ${what} at the end`);
    this.#i++;
    return token;
  }

  fail(token: Token, what: string): never {
    throw new FilterSyntaxError(
      "unexpected",
      token.start,
      `expected ${what} at offset ${token.start}, not ${token.text}`,
    );
  }

  expect(kind: Token["kind"]): Token {
    const token = this.next(`"${kind}"`);
    if (token.kind !== kind) this.fail(token, `"${kind}"`);
    return token;
  }

  keyword(word: string): boolean {
    const token = this.peek();
    if (token?.kind !== "word" || token.text.toLowerCase() !== word) return false;
    this.#i++;
    return true;
  }

  end(): void {
    const token = this.peek();
    if (token) this.fail(token, "the end");
  }

  filter(inValuePath: boolean): FilterNode {
    return this.#chain("or", () => this.#chain("and", () => this.#unary(inValuePath)));
  }

  #chain(op: "and" | "or", operand: () => FilterNode): FilterNode {
    const first = operand();
    const filters = [first];
    while (this.keyword(op)) filters.push(operand());
    return filters.length === 1 ? first : { op, filters };
  }

  /** A parenthesised filter, after its `(`. */
  #group(open: Token, inValuePath: boolean): FilterNode {
    if (++this.#depth > maxFilterDepth) this.fail(open, `at most ${maxFilterDepth} nested parentheses`);
    const inner = this.filter(inValuePath);
    this.expect(")");
    this.#depth--;
    return inner;
  }

  #unary(inValuePath: boolean): FilterNode {
    const token = this.next("an expression");
    if (token.kind === "(") return this.#group(token, inValuePath);
    if (token.kind === "word" && token.text.toLowerCase() === "not") {
      return { op: "not", filter: this.#group(this.expect("("), inValuePath) };
    }
    const attr = this.attrPath(token);
    const op = this.next("an operator");
    if (op.kind === "[" && !inValuePath) {
      const inner = this.filter(true);
      this.expect("]");
      return { op: "[]", attr, filter: inner };
    }
    const lower = op.text.toLowerCase();
    if (op.kind !== "word") this.fail(op, "an operator");
    if (lower === "pr") return { op: "pr", attr };
    if (!compareOps.has(lower)) this.fail(op, "an operator");
    return { op: lower as CompareOp, attr, value: this.#value() };
  }

  attrPath(token: Token): string {
    if (token.kind !== "word" || !attrPathPattern.test(token.text)) this.fail(token, "an attribute");
    return token.text;
  }

  #value(): FilterValue {
    const token = this.next("a value");
    if (token.kind === "string") return token.value as string;
    if (token.kind !== "word") this.fail(token, "a value");
    const lower = token.text.toLowerCase();
    if (lower === "true" || lower === "false") return lower === "true";
    if (lower === "null") return null;
    if (numberPattern.test(token.text)) return Number(token.text);
    if (!this.#bareWords) this.fail(token, "a value");
    return token.text;
  }

  /** The optional `.subAttr` written right after a closing bracket. */
  subAfter(close: Token): string | undefined {
    const token = this.peek();
    if (token?.kind !== "word" || token.start !== close.end) return undefined;
    if (!subAttrPattern.test(token.text)) this.fail(token, "a sub-attribute");
    this.#i++;
    return token.text.slice(1);
  }
}

/**
 * Parses a whole filter from its tokens (as {@link tokenize} gives them; `length` is the source's length, for
 * error offsets).
 *
 * @throws {@link FilterSyntaxError}
 */
export function parseFilterTokens(
  tokens: readonly Token[],
  length: number,
  options: GrammarOptions = {},
): FilterNode {
  const parser = new Parser(tokens, length, options);
  const tree = parser.filter(false);
  parser.end();
  return tree;
}

/**
 * Parses a SCIM filter.
 *
 * @throws {@link FilterSyntaxError}
 */
export function parseFilterText(text: string, options: GrammarOptions = {}): FilterNode {
  return parseFilterTokens(tokenize(text), text.length, options);
}

/**
 * Parses a PATCH path: an attribute path, or a value path with an optional sub-attribute.
 *
 * @throws {@link FilterSyntaxError}
 */
export function parsePathText(text: string, options: GrammarOptions = {}): PathNode {
  const parser = new Parser(tokenize(text), text.length, options);
  const path = parser.attrPath(parser.next("an attribute"));
  if (parser.peek()?.kind !== "[") {
    parser.end();
    const dot = path.lastIndexOf(".");
    const colon = path.lastIndexOf(":");
    return dot > colon ? { attr: path.slice(0, dot), sub: path.slice(dot + 1) } : { attr: path };
  }
  parser.next("[");
  const filter = parser.filter(true);
  const close = parser.expect("]");
  const sub = parser.subAfter(close);
  parser.end();
  const out: PathNode = { attr: path, filter };
  if (sub !== undefined) out.sub = sub;
  return out;
}

/** A filter written back as text (`value eq "+1 999"`), for error messages. */
export function filterText(node: FilterNode): string {
  switch (node.op) {
    case "and":
    case "or":
      return node.filters
        .map((f) => (f.op === "and" || f.op === "or" ? `(${filterText(f)})` : filterText(f)))
        .join(` ${node.op} `);
    case "not":
      return `not (${filterText(node.filter)})`;
    case "[]":
      return `${node.attr}[${filterText(node.filter)}]`;
    case "pr":
      return `${node.attr} pr`;
    default:
      return `${node.attr} ${node.op} ${JSON.stringify(node.value)}`;
  }
}
