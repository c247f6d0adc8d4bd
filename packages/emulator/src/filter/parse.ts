import { type Filter, parse } from "scim2-parse-filter";
import { badRequest } from "../errors.js";

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

/** A checked filter: the library's tree with attribute names canonicalised. */
export type CheckedFilter =
  | { op: "and" | "or"; filters: CheckedFilter[] }
  | { op: "pr"; attr: string }
  | {
      op: "eq" | "co" | "sw" | "gt" | "ge" | "lt" | "le";
      attr: string;
      value: string | number | boolean | null;
    };

const operators = new Set(["eq", "ne", "co", "sw", "ew", "pr", "gt", "ge", "lt", "le"]);
const slackOperators = new Set(["eq", "co", "sw", "pr", "gt", "ge", "lt", "le"]);

/**
 * Takes every quoted literal out of the filter, decoded: a double-quoted one as a JSON string (`\"`, `\\`,
 * `\u00e9`, `\/`), Slack's single-quoted one (`restricted eq '1'`) as written. Each is replaced by a placeholder
 * string holding its index, which the grammar reads unchanged (its own literal handling mangles backslashes), and
 * put back after parsing. Also checks the spacing and parentheses Slack insists on.
 */
function prepare(text: string): { text: string; words: string[]; literals: string[] } {
  const literals: string[] = [];
  let out = "";
  let depth = 0;
  let word = "";
  const words: string[] = [];
  const flush = () => {
    if (word !== "") words.push(word);
    word = "";
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i] ?? "";
    if (c === '"' || c === "'") {
      // Tokens are separated by single spaces (docs/behaviour.md, Filters): a literal must not touch the word before it.
      if (i > 0 && text[i - 1] !== " " && text[i - 1] !== "(") throw badRequest("incomplete_filter");
      flush();
      let j = i + 1;
      let literal = "";
      while (j < text.length && text[j] !== c) {
        if (text[j] === "\\" && c === '"') {
          literal += text.slice(j, j + 2);
          j += 2;
          continue;
        }
        literal += text[j];
        j++;
      }
      if (j >= text.length) throw badRequest("incomplete_filter");
      literals.push(c === '"' ? decodeLiteral(literal) : literal);
      // …nor the word after it (`"x"and`).
      const next = text[j + 1];
      if (next !== undefined && next !== " " && next !== ")" && next !== "]")
        throw badRequest("incomplete_filter");
      out += `"${literals.length - 1}"`;
      words.push('"');
      i = j;
      continue;
    }
    // Only single spaces separate tokens outside literals: a tab, a newline or two spaces is refused.
    if (c !== " " && /\s/.test(c)) throw badRequest("incomplete_filter");
    if (c === " " && text[i + 1] === " ") throw badRequest("incomplete_filter");
    if (c === "(") depth++;
    if (c === ")" && --depth < 0) throw badRequest("invalid_filter_group");
    if (c === " " || c === "(" || c === ")") flush();
    else word += c;
    out += c;
  }
  flush();
  if (depth !== 0) throw badRequest("invalid_filter_group");
  return { text: out, words, literals };
}

/** A double-quoted filter literal's value: its text read as a JSON string (400 `invalid_query` if it is not one). */
function decodeLiteral(raw: string): string {
  try {
    return JSON.parse(`"${raw}"`) as string;
  } catch {
    throw badRequest("invalid_query");
  }
}

/**
 * Parses and checks a `filter` the way Slack answers it: nothing usable → `no_filters (is_aggregate_call=1)`,
 * a truncated expression or bad spacing → `incomplete_filter`, unbalanced parentheses → `invalid_filter_group`,
 * an attribute or operator Slack does not filter on → `invalid_query`.
 */
export function parseFilter(raw: string, resource: "Users" | "Groups"): CheckedFilter {
  const trimmed = raw.trim();
  const { text, words, literals } = prepare(trimmed);
  if (!words.some((w) => operators.has(w.toLowerCase())))
    throw badRequest("no_filters", "is_aggregate_call=1");
  let tree: Filter;
  try {
    tree = parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : "";
    throw badRequest(message.includes("(EOT)") ? "incomplete_filter" : "invalid_query");
  }
  return check(tree, resource, literals);
}

function check(node: Filter, resource: "Users" | "Groups", literals: readonly string[]): CheckedFilter {
  if (node.op === "and" || node.op === "or") {
    return { op: node.op, filters: node.filters.map((f) => check(f, resource, literals)) };
  }
  if (!slackOperators.has(node.op) || !("attrPath" in node)) throw badRequest("invalid_query");
  const attr = filterableAttributes[resource].get(node.attrPath.toLowerCase());
  if (!attr) throw badRequest("invalid_query");
  if (node.op === "pr") return { op: "pr", attr };
  if (node.op === "[]") throw badRequest("invalid_query");
  const raw = (node as { compValue: string | number | boolean | null }).compValue;
  // Every string the grammar returns is a placeholder: all quoted literals were taken out by prepare().
  const value = typeof raw === "string" ? (literals[Number(raw)] as string) : raw;
  return { op: node.op as "eq", attr, value };
}
