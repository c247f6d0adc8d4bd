import { badRequest } from "../errors.js";
import type { FilterNode, FilterValue } from "./grammar.js";
import { slackOperators } from "./parse.js";

/**
 * Evaluating a PATCH value filter (`emails[type eq "work"]`) against one value of a multi-valued attribute, with
 * the comparison rules of RFC 7644 section 3.4.2.2.
 */

/** The operators a value filter may use: Slack's filter operators (`ne`, `ew` and `not` are refused). */
export type ValueFilterOp = "eq" | "co" | "sw" | "gt" | "ge" | "lt" | "le" | "pr";

/** A value filter checked by {@link checkValueFilter}: attributes lower-cased, Slack's operators only. */
export type ValueFilter =
  | { op: "and"; filters: ValueFilter[] }
  | { op: "or"; filters: ValueFilter[] }
  | { op: ValueFilterOp; attr: string; value: FilterValue };

/** Answers one comparison of the filter for one value. */
export type AttributeTest = (attr: string, op: ValueFilterOp, expected: FilterValue) => boolean;

/**
 * Checks a value filter, refusing (400 `invalid_request_payload`) one Slack would not run: on an attribute the
 * values do not have, or with an operator outside Slack's filter operators. Slack documents one filter grammar
 * (`eq co sw pr gt ge lt le`, `and`, `or`, parentheses); the emulator holds PATCH value paths to it as well.
 */
export function checkValueFilter(node: FilterNode, attributes: ReadonlySet<string>): ValueFilter {
  if (node.op === "and" || node.op === "or") {
    const filters = node.filters.map((f) => checkValueFilter(f, attributes));
    return node.op === "and" ? { op: "and", filters } : { op: "or", filters };
  }
  if (node.op === "not" || node.op === "[]" || !slackOperators.has(node.op)) {
    throw badRequest("invalid_request_payload");
  }
  const attr = node.attr.toLowerCase();
  if (!attributes.has(attr)) throw badRequest("invalid_request_payload");
  return { op: node.op as ValueFilterOp, attr, value: node.op === "pr" ? null : node.value };
}

/** Whether a checked value filter matches, given how to test each comparison on the value. */
export function matchFilter(filter: ValueFilter, test: AttributeTest): boolean {
  if (filter.op === "and") return filter.filters.every((f) => matchFilter(f, test));
  if (filter.op === "or") return filter.filters.some((f) => matchFilter(f, test));
  return test(filter.attr, filter.op, filter.value);
}

function asBoolean(value: FilterValue): boolean | undefined {
  if (typeof value === "boolean") return value;
  if (typeof value === "string" && /^(true|false)$/i.test(value)) return value.toLowerCase() === "true";
  return undefined;
}

/**
 * One RFC 7644 comparison of a stored value with a filter literal. Strings compare case-insensitively unless
 * `caseExact`; `pr` is true for a non-empty value; a boolean compares only with `eq` (another operator is 400,
 * as the RFC asks); a literal of another type never equals.
 */
export function compareValues(
  op: ValueFilterOp,
  actual: string | boolean | null,
  expected: FilterValue,
  caseExact = false,
): boolean {
  if (op === "pr") return actual !== null && actual !== "";
  if (typeof actual === "boolean") {
    if (op !== "eq") throw badRequest("invalid_request_payload");
    return asBoolean(expected) === actual;
  }
  if (actual === null || expected === null || typeof expected === "boolean") {
    return op === "eq" && actual === expected;
  }
  const a = caseExact ? actual : actual.toLowerCase();
  const e = caseExact ? String(expected) : String(expected).toLowerCase();
  switch (op) {
    case "eq":
      return a === e;
    case "co":
      return a.includes(e);
    case "sw":
      return a.startsWith(e);
    case "gt":
      return a > e;
    case "ge":
      return a >= e;
    case "lt":
      return a < e;
    default:
      return a <= e;
  }
}
