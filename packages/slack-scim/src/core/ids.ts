/** The longest id accepted: Slack's ids are about a dozen characters; anything this long is a mistake. */
export const maxIdLength = 255;

// A UTF-16 surrogate without its partner: no UTF-8 form exists, so no URL can carry it.
const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * An id as one percent-encoded path segment: `"../x"` can never leave `/Users/`. Anything that cannot be an id
 * (not a string, empty, `.` or `..`, a lone surrogate, over {@link maxIdLength} characters) is a `TypeError`
 * naming `what`, before any request.
 */
export function encodeId(id: unknown, what = "id"): string {
  if (typeof id !== "string") throw new TypeError(`${what} must be a string, got ${typeof id}`);
  if (id === "" || id === "." || id === "..") throw new TypeError(`${what} must not be empty, "." or ".."`);
  if (id.length > maxIdLength) {
    throw new TypeError(`${what} must be at most ${maxIdLength} characters, got ${id.length}`);
  }
  if (loneSurrogate.test(id)) {
    throw new TypeError(`${what} must be well-formed Unicode (it holds a lone surrogate)`);
  }
  return encodeURIComponent(id);
}
