/** Small JSON helpers shared by the request parsers. */

/** A JSON object from a request body. */
export type JSONObject = Record<string, unknown>;

/** True for a plain JSON object. */
export function isObject(value: unknown): value is JSONObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A boolean as IdPs send it: `true`, `"true"`, `"True"`; anything else is false. */
export function truthy(value: unknown): boolean {
  return value === true || (typeof value === "string" && value.toLowerCase() === "true");
}
