/**
 * The values Slack refuses, checked before anything is planned, so a bad row is reported with its line instead of
 * failing one request at a time during an apply. Slack's rules, from its SCIM reference
 * (https://docs.slack.dev/reference/scim-api): a username has at most 21 characters, takes letters, digits,
 * `.`, `_` and `-` (Slack would turn anything else into `_`, so the file and Slack would never agree) and some
 * names are reserved; a display name has at most 80 characters, does not start with `@`, holds no `@`, `<` or
 * `>` and no emoji, and is not a mention keyword.
 */

/** Slack's longest username. */
export const maxUserNameLength = 21;
/** Slack's longest display name. */
export const maxDisplayNameLength = 80;

const reservedUserNames = new Set(["channel", "everyone", "group", "here", "slackbot"]);
const mentionWords = new Set(["channel", "everyone", "here"]);
const emoji = /\p{Extended_Pictographic}/u;
// One @, something on each side, a dot in the domain, no spaces: what Slack accepts (bad_email_address otherwise).
const emailPattern = /^[^\s@]+@[^\s@.][^\s@]*\.[^\s@]+$/;

/** Why `value` cannot be a Slack username, or `undefined` when it can. */
export function userNameProblem(value: string): string | undefined {
  if (value === "") return "userName is empty";
  if (value.length > maxUserNameLength) {
    return `userName ${JSON.stringify(value)} has ${value.length} characters; Slack allows at most ${maxUserNameLength}`;
  }
  if (!/^[A-Za-z0-9._-]+$/.test(value)) {
    const bad = [...value].filter((c) => !/[A-Za-z0-9._-]/.test(c));
    const shown = [...new Set(bad)].map((c) => JSON.stringify(c)).join(", ");
    return `userName ${JSON.stringify(value)} has characters Slack does not keep (${shown}); use letters, digits, ".", "_" and "-"`;
  }
  if (!/[A-Za-z0-9]/.test(value)) return `userName ${JSON.stringify(value)} needs a letter or a digit`;
  if (reservedUserNames.has(value.toLowerCase())) {
    return `userName ${JSON.stringify(value)} is reserved by Slack`;
  }
  return undefined;
}

/** Why `value` cannot be an email address, or `undefined` when it can. */
export function emailProblem(value: string): string | undefined {
  if (value === "") return "email is empty";
  if (!emailPattern.test(value)) return `${JSON.stringify(value)} is not an email address`;
  return undefined;
}

/** Why Slack would refuse `value` as a display name, or `undefined` when it would not. */
export function displayNameProblem(value: string): string | undefined {
  if (value.length > maxDisplayNameLength) {
    return `displayName has ${value.length} characters; Slack allows at most ${maxDisplayNameLength}`;
  }
  if (value.startsWith("@"))
    return `displayName ${JSON.stringify(value)} starts with "@", which Slack refuses`;
  const special = /[@<>]/.exec(value);
  if (special) return `displayName ${JSON.stringify(value)} contains "${special[0]}", which Slack refuses`;
  if (emoji.test(value)) return `displayName ${JSON.stringify(value)} contains an emoji, which Slack refuses`;
  if (mentionWords.has(value.trim().toLowerCase())) {
    return `displayName ${JSON.stringify(value)} is a word Slack reserves for mentions`;
  }
  return undefined;
}

const truthy = new Set(["true", "yes", "y", "1", "active"]);
const falsy = new Set(["false", "no", "n", "0", "inactive"]);

/**
 * `active` from a cell or JSON value: `true`/`false`, `yes`/`no`, `1`/`0`, `active`/`inactive` in any case;
 * `undefined` for an empty cell (meaning active); `"invalid"` for anything else.
 */
export function parseActive(value: unknown): boolean | undefined | "invalid" {
  if (typeof value === "boolean") return value;
  if (value === null || value === undefined) return undefined;
  if (typeof value === "number") return value === 1 ? true : value === 0 ? false : "invalid";
  if (typeof value !== "string") return "invalid";
  const text = value.trim().toLowerCase();
  if (text === "") return undefined;
  if (truthy.has(text)) return true;
  if (falsy.has(text)) return false;
  return "invalid";
}
