import { isObject, type JsonObject } from "../core/json.js";
import type { FilterValue, ValueFilter } from "../filter/grammar.js";

/** The key of `obj` equal to `name` ignoring case (SCIM names are case-insensitive), or `name` itself. */
export function keyOf(obj: JsonObject, name: string): string {
  if (Object.hasOwn(obj, name)) return name;
  const lower = name.toLowerCase();
  return Object.keys(obj).find((k) => k.toLowerCase() === lower) ?? name;
}

/** Reads `name` from an entry of a multi-valued attribute; plain strings (roles) act as `{ value }`. */
function field(entry: unknown, name: string): unknown {
  if (isObject(entry)) return entry[keyOf(entry, name)];
  return name.toLowerCase() === "value" ? entry : undefined;
}

function compare(actual: unknown, operator: string, expected: FilterValue): boolean {
  if (operator === "eq")
    return expected === null ? actual === null || actual === undefined : actual === expected;
  if (operator === "ne")
    return expected === null ? actual !== null && actual !== undefined : actual !== expected;
  if (typeof actual === "string" && typeof expected === "string") {
    if (operator === "co") return actual.includes(expected);
    if (operator === "sw") return actual.startsWith(expected);
    if (operator === "ew") return actual.endsWith(expected);
  }
  if (
    (typeof actual === "string" && typeof expected === "string") ||
    (typeof actual === "number" && typeof expected === "number")
  ) {
    if (operator === "gt") return actual > expected;
    if (operator === "lt") return actual < expected;
    if (operator === "ge") return actual >= expected;
    if (operator === "le") return actual <= expected;
  }
  return false;
}

/** Whether one entry of a multi-valued attribute matches a value filter (RFC 7644 section 3.4.2.2). */
export function matchesFilter(entry: unknown, filter: ValueFilter): boolean {
  switch (filter.kind) {
    case "compare":
      return compare(field(entry, filter.attribute), filter.operator, filter.value);
    case "present": {
      const v = field(entry, filter.attribute);
      return v !== undefined && v !== null && v !== "";
    }
    case "not":
      return !matchesFilter(entry, filter.filter);
    case "and":
      return matchesFilter(entry, filter.left) && matchesFilter(entry, filter.right);
    default:
      return matchesFilter(entry, filter.left) || matchesFilter(entry, filter.right);
  }
}

/** Structural equality of JSON values (key order ignored). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    return Array.isArray(b) && a.length === b.length && a.every((x, i) => jsonEqual(x, b[i]));
  }
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a).filter((k) => a[k] !== undefined);
    const kb = Object.keys(b).filter((k) => b[k] !== undefined);
    return ka.length === kb.length && ka.every((k) => Object.hasOwn(b, k) && jsonEqual(a[k], b[k]));
  }
  return false;
}
