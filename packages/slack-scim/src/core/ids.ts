/**
 * An id as one percent-encoded path segment: `"../x"` can never leave `/Users/`. Empty, `.` and `..` are
 * refused before any request.
 */
export function encodeId(id: unknown, what = "id"): string {
  if (typeof id !== "string") throw new TypeError(`${what} must be a string, got ${typeof id}`);
  if (id === "" || id === "." || id === "..") throw new TypeError(`${what} must not be empty, "." or ".."`);
  return encodeURIComponent(id);
}
