/**
 * `apiCall`'s path, checked and normalised: relative to the base URL, never leaving it. Each segment is decoded
 * before it is checked, so `%2e%2e` is refused like `..` and `%2f` like a `/` inside a segment.
 */

function refuse(reason: string): never {
  throw new TypeError(`apiCall: path ${reason}`);
}

/**
 * The path as it is sent: without a leading `/`, each segment percent-encoded as needed (spaces, non-ASCII),
 * what was already encoded left as it is. A `TypeError` for `?`, `#`, a backslash, a `.` or `..` segment
 * (literal or encoded), an encoded `/` or `\`, or a malformed escape.
 */
export function normaliseApiPath(path: unknown, basePath: string): string {
  if (typeof path !== "string") refuse("must be a string");
  // Refuse rather than reinterpret: a query in the path would be dropped, `..` would leave the base URL.
  if (/[?#]/.test(path)) refuse('must not contain "?" or "#"; pass query parameters as `query`');
  // URL parsers read a backslash as a slash in http(s) URLs: "Users\\..\\x" would resolve like "Users/../x".
  if (path.includes("\\")) refuse('must not contain "\\"');
  const relative = path.startsWith("/") ? path.slice(1) : path;
  for (const segment of relative.split("/")) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      refuse(`has a malformed percent-escape in ${JSON.stringify(segment)}`);
    }
    if (decoded === "." || decoded === "..") refuse('must not contain "." or ".." segments, encoded or not');
    if (/[/\\]/.test(decoded)) refuse('must not contain an encoded "/" or "\\" (%2F, %5C)');
  }
  // What is left may hold characters that need encoding (spaces, non-ASCII): URL encodes them.
  return new URL(basePath + relative, "http://x").pathname.slice(basePath.length);
}
