import type { Logger } from "./logger.js";

// Personal data that can reach a log line: filter literals (`userName eq "ada"`, also URL-encoded in a logged
// URL), and emails or phone numbers echoed in an error description. Masked unless the client has `logPII: true`.
const email = /[^\s"'<>(),;:@=]+@[^\s"'<>(),;:@]+\.[^\s"'<>(),;:@]+/g;
// A run of 8+ digits with phone punctuation (no dots, so IP addresses stay), not part of a word (Slack ids such as `W0123456789` stay).
const phone = /(?<![\w+])\+?\d[\d ()-]{6,}\d(?!\w)/g;
const literal = /\b(eq|ne|co|sw|ew|gt|ge|lt|le) "(?:[^"\\]|\\.)*"/gi;
const encodedFilter = /([?&]filter=)([^&#\s]*)/g;

/** The placeholder that stands where personal data was. */
export const masked = "***";

/** A SCIM filter with its string literals masked (`userName eq "ada"` → `userName eq "***"`). */
export function maskFilter(filter: string): string {
  return filter.replace(literal, `$1 "${masked}"`);
}

function maskEncodedFilter(_all: string, head: string, value: string): string {
  try {
    return `${head}${encodeURIComponent(maskFilter(decodeURIComponent(value.replace(/\+/g, " "))))}`;
  } catch {
    return `${head}${masked}`;
  }
}

/** One log line with filter literals (plain or in a URL), emails and phone numbers masked. */
export function maskPII(line: string): string {
  return maskFilter(line.replace(encodedFilter, maskEncodedFilter))
    .replace(email, masked)
    .replace(phone, masked);
}

/** A logger that masks personal data in every string it is given before passing it on (`logPII: false`). */
export function piiMaskingLogger(logger: Logger): Logger {
  const mask = (msg: unknown[]) => msg.map((part) => (typeof part === "string" ? maskPII(part) : part));
  return {
    debug: (...msg) => logger.debug(...mask(msg)),
    info: (...msg) => logger.info(...mask(msg)),
    warn: (...msg) => logger.warn(...mask(msg)),
    error: (...msg) => logger.error(...mask(msg)),
    setLevel: (level) => logger.setLevel(level),
    getLevel: () => logger.getLevel(),
    setName: (name) => logger.setName(name),
  };
}
