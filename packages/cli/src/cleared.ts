/**
 * Attributes a PUT does not clear: identity and bookkeeping, plus `active` and `name`, which Slack keeps when
 * a PUT leaves them out (the PUT example in Slack's SCIM reference).
 */
const kept = new Set([
  "id",
  "schemas",
  "meta",
  "groups",
  "externalId",
  "profileUrl",
  "password",
  "active",
  "name",
]);

/** Slack's fallback timezone, which a PUT without `timezone` sets. */
const defaultTimezone = "America/Los_Angeles";
/** Slack's default avatars: what `photos` reads as when the user has none. */
const defaultAvatar = /^https:\/\/a\.slack-edge\.com\/.*\/avatars\/ava_/;

const isEmpty = (value: unknown): boolean =>
  value === undefined ||
  value === null ||
  value === "" ||
  (Array.isArray(value) && value.every(isEmpty)) ||
  (typeof value === "object" &&
    value !== null &&
    !Array.isArray(value) &&
    Object.values(value).every(isEmpty));

/** True when `value` is what Slack shows for `key` after clearing it: nothing to lose. */
function atDefault(key: string, value: unknown, user: Record<string, unknown>): boolean {
  if (key === "nickName") return value === user["userName"];
  if (key === "timezone") return value === defaultTimezone;
  if (key === "photos" && Array.isArray(value)) {
    return value.every((photo) =>
      defaultAvatar.test(String((photo as { value?: unknown } | null)?.value ?? "")),
    );
  }
  return false;
}

/**
 * What a PUT of `desired` would clear on `current`: every attribute (and sub-attribute of an object such as
 * an extension block) that has a value now and that `desired` leaves out. Slack blanks every attribute a PUT
 * omits, except `active` and `name`; attributes already at Slack's default are not listed.
 *
 * @returns Paths such as `title`, `urn:…:User:department`, in `current`'s order.
 */
export function clearedBy(current: Record<string, unknown>, desired: Record<string, unknown>): string[] {
  const out: string[] = [];
  for (const [key, value] of Object.entries(current)) {
    if (isEmpty(value) || atDefault(key, value, current)) continue;
    const wanted = desired[key];
    if (isEmpty(wanted)) {
      if (!kept.has(key)) out.push(key);
      continue;
    }
    if (
      typeof value === "object" &&
      !Array.isArray(value) &&
      typeof wanted === "object" &&
      !Array.isArray(wanted)
    ) {
      const separator = key.startsWith("urn:") ? ":" : ".";
      for (const [sub, subValue] of Object.entries(value as Record<string, unknown>)) {
        if (!isEmpty(subValue) && isEmpty((wanted as Record<string, unknown>)[sub]))
          out.push(`${key}${separator}${sub}`);
      }
    }
  }
  return out;
}
