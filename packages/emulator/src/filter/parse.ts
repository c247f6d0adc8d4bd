import { badRequest } from "../errors.js";
import { type FilterNode, parseFilterTokens } from "./grammar.js";
import { FilterSyntaxError, type Token, tokenize } from "./lexer.js";

/** Attributes Slack filters on, per resource, by their lower-cased name. */
export const filterableAttributes = {
  Users: new Map([
    ["username", "userName"],
    ["email", "email"],
    ["restricted", "restricted"],
    ["ultra_restricted", "ultra_restricted"],
  ]),
  Groups: new Map([["displayname", "displayName"]]),
} as const;

/** A checked filter: the grammar's tree with attribute names canonicalised and only Slack's operators. */
export type CheckedFilter =
  | { op: "and" | "or"; filters: CheckedFilter[] }
  | { op: "pr"; attr: string }
  | {
      op: "eq" | "co" | "sw" | "gt" | "ge" | "lt" | "le";
      attr: string;
      value: string | number | boolean | null;
    };

const operators = new Set(["eq", "ne", "co", "sw", "ew", "pr", "gt", "ge", "lt", "le"]);
/** The operators Slack filters with (its documentation lists no `ne`, `ew` or `not`). */
export const slackOperators: ReadonlySet<string> = new Set(["eq", "co", "sw", "pr", "gt", "ge", "lt", "le"]);

/** The tokens of a list filter, or Slack's code for what stops them: `incomplete_filter` or `invalid_query`. */
function tokens(text: string): Token[] {
  try {
    return tokenize(text);
  } catch (error) {
    const badEscape = error instanceof FilterSyntaxError && error.reason === "escape";
    throw badRequest(badEscape ? "invalid_query" : "incomplete_filter");
  }
}

/**
 * Slack's layout rules: its filter documentation asks for expressions separated by single spaces. So one space
 * separates tokens (a tab, a newline or two spaces is `incomplete_filter`), a quoted literal touches no word
 * (`eq"x"`, `"x"and`), and parentheses balance (`invalid_filter_group`); parentheses and brackets need no spaces.
 */
function checkLayout(text: string, list: readonly Token[]): void {
  let depth = 0;
  let previous: Token | undefined;
  for (const token of list) {
    const gap = text.slice(previous?.end ?? 0, token.start);
    if (gap !== "" && gap !== " ") throw badRequest("incomplete_filter");
    if (token.kind === "string" && previous && gap === "" && previous.kind !== "(") {
      throw badRequest("incomplete_filter");
    }
    if (previous?.kind === "string" && gap === "" && token.kind !== ")" && token.kind !== "]") {
      throw badRequest("incomplete_filter");
    }
    if (token.kind === "(") depth++;
    if (token.kind === ")" && --depth < 0) throw badRequest("invalid_filter_group");
    previous = token;
  }
  if (depth !== 0) throw badRequest("invalid_filter_group");
}

/**
 * Parses and checks a `filter` the way Slack answers it: nothing usable → `no_filters (is_aggregate_call=1)`,
 * a truncated expression or bad spacing → `incomplete_filter`, unbalanced parentheses → `invalid_filter_group`,
 * an attribute or operator Slack does not filter on (or a bad escape) → `invalid_query`.
 */
export function parseFilter(raw: string, resource: "Users" | "Groups"): CheckedFilter {
  const text = raw.trim();
  const list = tokens(text);
  checkLayout(text, list);
  if (!list.some((t) => t.kind === "word" && operators.has(t.text.toLowerCase()))) {
    throw badRequest("no_filters", "is_aggregate_call=1");
  }
  let tree: FilterNode;
  try {
    tree = parseFilterTokens(list, text.length);
  } catch (error) {
    const truncated = error instanceof FilterSyntaxError && error.reason === "end";
    throw badRequest(truncated ? "incomplete_filter" : "invalid_query");
  }
  return check(tree, resource);
}

function check(node: FilterNode, resource: "Users" | "Groups"): CheckedFilter {
  if (node.op === "and" || node.op === "or") {
    return { op: node.op, filters: node.filters.map((f) => check(f, resource)) };
  }
  // `not`, value paths, `ne` and `ew` are RFC 7644 grammar that Slack does not filter with.
  if (node.op === "not" || node.op === "[]" || !slackOperators.has(node.op))
    throw badRequest("invalid_query");
  const attr = filterableAttributes[resource].get(node.attr.toLowerCase());
  if (!attr) throw badRequest("invalid_query");
  if (node.op === "pr") return { op: "pr", attr };
  return { op: node.op as "eq", attr, value: node.value };
}
