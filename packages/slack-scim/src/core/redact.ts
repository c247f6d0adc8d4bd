const bearer = /Bearer\s+\S+/gi;

/** The placeholder that stands where a token was. */
export const redacted = "[REDACTED]";

/** Headers whose values are credentials, always redacted (lower case). */
export const credentialHeaders: readonly string[] = ["authorization", "proxy-authorization", "cookie"];

const defaultSensitive: ReadonlySet<string> = new Set(credentialHeaders);

/** Replaces any bearer credential in a string, so no log line or message can carry a token. */
export function redactText(text: string): string {
  return text.replace(bearer, `Bearer ${redacted}`);
}

/**
 * Headers as a new object with lower-case names, the value of each name in `sensitive` (lower case) redacted.
 * @param sensitive - Names to redact; by default {@link credentialHeaders}.
 */
export function redactHeaders(
  headers: Record<string, string>,
  sensitive: ReadonlySet<string> = defaultSensitive,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    out[lower] = sensitive.has(lower) ? redacted : value;
  }
  return out;
}

// Shorter values are not searched for: replacing every "ab" in a message would hide more than it protects.
const shortestSecret = 4;

/**
 * `text` with bearer tokens and the value of every sensitive header of `headers` (and, for a value such as
 * `Basic abc…`, its credential part) replaced: for messages that quote a transport's error, which may echo
 * what was sent.
 */
export function redactSecrets(
  text: string,
  headers: Record<string, string>,
  sensitive: ReadonlySet<string>,
): string {
  let out = redactText(text);
  for (const [name, value] of Object.entries(headers)) {
    if (!sensitive.has(name.toLowerCase())) continue;
    const space = value.indexOf(" ");
    for (const secret of space > 0 ? [value, value.slice(space + 1).trim()] : [value]) {
      if (secret.length >= shortestSecret) out = out.split(secret).join(redacted);
    }
  }
  return out;
}

/**
 * A URL as text with its user and password replaced by `***`, even when it does not parse: everything between
 * the scheme and the last `@` goes, so no part of a password can show.
 */
export function redactUrlCredentials(text: string): string {
  return text.replace(/^([A-Za-z][A-Za-z0-9+.-]*:\/\/)?[\s\S]*@/, "$1***@");
}
