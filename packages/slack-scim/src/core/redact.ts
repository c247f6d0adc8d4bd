const bearer = /Bearer\s+\S+/gi;

/** The placeholder that stands where a token was. */
export const redacted = "[REDACTED]";

/** Replaces any bearer credential in a string, so no log line or message can carry a token. */
export function redactText(text: string): string {
  return text.replace(bearer, `Bearer ${redacted}`);
}

/** Headers with `authorization` (any case) redacted, as a new object with lower-case names. */
export function redactHeaders(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    out[lower] = lower === "authorization" || lower === "proxy-authorization" ? redacted : value;
  }
  return out;
}
