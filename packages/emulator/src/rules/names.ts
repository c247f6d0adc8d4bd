import { badRequest, userError } from "../errors.js";

const reservedUserNames = new Set([
  "channel",
  "everyone",
  "group",
  "here",
  "slack",
  "slackbot",
  "system",
  "undefined",
  "null",
]);

const reservedDisplayWords = new Set(["channel", "everyone", "here"]);

/**
 * Slack's username rules: required, lower-cased, an email becomes its local part, characters other than
 * letters, digits, `.`, `_` and `-` become `_`, at most 21 characters, reserved words refused.
 *
 * @param field - `userName` or `nickName`, for the length error's code.
 */
export function normalizeUserName(value: unknown, field: "userName" | "nickName" = "userName"): string {
  if (value === undefined || value === null) throw badRequest("username_required");
  if (typeof value !== "string") throw badRequest("username_invalid");
  let name = value.trim().toLowerCase();
  if (name === "") throw badRequest("username_empty");
  const at = name.indexOf("@");
  if (at > 0) name = name.slice(0, at);
  name = name.replace(/[^a-z0-9._-]/g, "_");
  if (!/[a-z0-9]/.test(name)) throw badRequest("username_invalid");
  if (name.length > 21) throw userError(field === "nickName" ? "long_nickname" : "long_username", name);
  if (reservedUserNames.has(name)) throw userError("username_not_allowed", name);
  return name;
}

const emoji = /\p{Extended_Pictographic}/u;

/** Slack's display-name rules: ≤80 characters, no leading `@`, no `@<>`, no emoji, no reserved word. */
export function checkDisplayName(value: string, userName: string): string {
  if (value.length > 80) throw userError("invalid_name_maxlength", userName);
  if (value.startsWith("@")) throw userError("invalid_starts_with_at", userName);
  if (/[@<>]/.test(value)) throw userError("invalid_name_specials", userName);
  if (emoji.test(value)) throw userError("invalid_emoji_not_allowed", userName);
  if (reservedDisplayWords.has(value.trim().toLowerCase()))
    throw userError("invalid_reserved_word", userName);
  return value;
}

/** Refuses a `name` whose given and family names are both blank. */
export function checkFullName(givenName: string, familyName: string, userName: string): void {
  if (givenName.trim() === "" && familyName.trim() === "") throw userError("invalid_name_required", userName);
}
