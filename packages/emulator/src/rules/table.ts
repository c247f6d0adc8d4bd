import { badRequest } from "../errors.js";
import { isObject, type JSONObject } from "../json.js";
import type { UserRecord } from "../store/records.js";
import { emailsRule } from "./emails.js";
import { enterpriseRule, guestRule, profileRule } from "./extension-rules.js";
import { type ExtensionName, extensionOf } from "./extensions.js";
import { checkDisplayName, normalizeUserName } from "./names.js";
import { phonesRule } from "./phones.js";
import type { AttributeRule } from "./rule.js";
import {
  addressFrom,
  booleanAttribute,
  entriesOf,
  pickAddress,
  pickPhoto,
  pickRole,
  profileValue,
  sameAddress,
  stringOrNull,
} from "./values.js";

/** Slack's default time zone for new users. */
export const defaultTimezone = "America/Los_Angeles";

/** Canonical spelling of a sub-attribute given lower-cased in a path. */
function subKey(sub: string): string {
  const keys = [
    "streetAddress",
    "locality",
    "region",
    "postalCode",
    "country",
    "givenName",
    "familyName",
    "honorificPrefix",
  ];
  return keys.find((k) => k.toLowerCase() === sub) ?? sub;
}

/** A plain string attribute that blank or `null` empties to `""`. */
function text(key: "title" | "displayName"): AttributeRule {
  return {
    set(user, value) {
      const s = stringOrNull(value) ?? "";
      user[key] = key === "displayName" ? checkDisplayName(s, user.userName) : s;
    },
    clear(user) {
      user[key] = "";
    },
  };
}

/** A custom-profile string (`userType`, `preferredLanguage`, `locale`): blank or `null` empties it to `null`. */
function profile(key: "userType" | "preferredLanguage" | "locale"): AttributeRule {
  return {
    set(user, value) {
      user[key] = profileValue(value);
    },
    clear(user) {
      user[key] = null;
    },
  };
}

/** An attribute Slack sets itself (`id`, `meta`, `groups`, …): writing or removing it does nothing. */
const readOnly: AttributeRule = { set() {}, clear() {} };

/** The username (and so nickName) cannot be emptied. */
function emptied(): never {
  throw badRequest("username_empty");
}

/** Whether a 1.1 entry is marked `"operation": "delete"`. */
export const isDelete = (entry: JSONObject): boolean =>
  String(entry["operation"] ?? "").toLowerCase() === "delete";

/**
 * The table: every attribute Slack reads on a user, by table key (a core attribute's lower-cased name, or
 * `ext:<name>` for an extension block), in the order a body's attributes are applied. `active` comes last so
 * that an explicit `active` in a body wins over the reactivation a guest conversion brings.
 */
export const attributeRules: ReadonlyMap<string, AttributeRule> = new Map<string, AttributeRule>([
  [
    "password",
    {
      // Users sign in through the IdP: a create ignores a password, any other write refuses it.
      ignoredOnCreate: true,
      nullIsValue: true,
      set() {
        throw badRequest("password_change_not_allowed");
      },
    },
  ],
  [
    "username",
    {
      required: true,
      set(user, value) {
        user.userName = normalizeUserName(value, "userName");
      },
      clear: emptied,
    },
  ],
  [
    "nickname",
    {
      // Slack keeps one name: nickName is the userName. Sent next to userName, it is only checked for length.
      set(user, value, at) {
        if (!at.siblings.has("username")) user.userName = normalizeUserName(value, "nickName");
        else if (typeof value === "string" && value.trim().length > 21) normalizeUserName(value, "nickName");
      },
      clear: emptied,
    },
  ],
  ["displayname", text("displayName")],
  [
    "name",
    {
      set(user, value, at) {
        const parts = at.sub ? { [subKey(at.sub)]: value } : value;
        if (!isObject(parts)) throw badRequest("invalid_attribute_format");
        if ("givenName" in parts) user.givenName = stringOrNull(parts["givenName"]) ?? "";
        if ("familyName" in parts) user.familyName = stringOrNull(parts["familyName"]) ?? "";
        if ("honorificPrefix" in parts) user.honorificPrefix = profileValue(parts["honorificPrefix"]);
      },
      clear(user, at) {
        if (!at.sub || at.sub === "honorificprefix") user.honorificPrefix = null;
        if (!at.sub || at.sub === "givenname") user.givenName = "";
        if (!at.sub || at.sub === "familyname") user.familyName = "";
      },
      // Slack copies the display name (else the username) into givenName when a create has no name.
      created(user) {
        user.givenName = user.displayName || user.userName;
      },
      keep(user, stored) {
        user.givenName = stored.givenName;
        user.familyName = stored.familyName;
        user.honorificPrefix = stored.honorificPrefix;
      },
    },
  ],
  ["emails", emailsRule],
  ["phonenumbers", phonesRule],
  ["title", text("title")],
  [
    "timezone",
    {
      set(user, value) {
        user.timezone = stringOrNull(value) || defaultTimezone;
      },
      clear(user) {
        user.timezone = defaultTimezone;
      },
    },
  ],
  [
    "photos",
    {
      set(user, value) {
        user.photo = pickPhoto(value);
      },
      clear(user) {
        user.photo = null;
      },
    },
  ],
  [
    "addresses",
    {
      set(user, value, at) {
        user.address = at.sub ? addressFrom({ [subKey(at.sub)]: value }, user.address) : pickAddress(value);
      },
      clear(user, at) {
        user.address = at.sub && user.address ? addressFrom({ [subKey(at.sub)]: null }, user.address) : null;
      },
      entries: (value) => entriesOf(value, "addresses_invalid"),
      deleteEntries(user, entries) {
        // A delete must name the stored address exactly (all five members).
        if (entries.some((e) => sameAddress(user.address, e))) user.address = null;
      },
    },
  ],
  ["usertype", profile("userType")],
  [
    "roles",
    {
      set(user, value) {
        user.role = pickRole(value);
      },
      clear(user) {
        user.role = null;
      },
      entries(value) {
        const list = (Array.isArray(value) ? value : [value]).map((v) =>
          typeof v === "string" ? { value: v } : v,
        );
        for (const entry of list) if (!isObject(entry)) throw badRequest("roles_invalid");
        return list as JSONObject[];
      },
      deleteEntries(user, entries) {
        if (entries.some((e) => e["value"] === user.role)) user.role = null;
      },
    },
  ],
  ["preferredlanguage", profile("preferredLanguage")],
  ["locale", profile("locale")],
  ["ext:enterprise", enterpriseRule],
  ["ext:profile", profileRule],
  ["ext:guest", guestRule],
  [
    "active",
    {
      nullIsValue: true,
      set(user, value) {
        user.active = booleanAttribute(value, "active");
      },
      // Removing `active` changes nothing (DELETE deactivates).
      clear() {},
      keep(user, stored) {
        user.active = stored.active;
      },
    },
  ],
  ...["id", "externalid", "meta", "schemas", "groups", "profileurl"].map((key) => [key, readOnly] as const),
]);

/** The table key of a body key: an extension URN (either version's, any case) or a core attribute in any case. */
export function tableKey(key: string): string {
  const ext = extensionOf(key);
  return ext ? `ext:${ext}` : key.toLowerCase();
}

/** The table key of a parsed path. */
export function pathKey(path: { ext?: ExtensionName; attr: string }): string {
  return path.ext ? `ext:${path.ext}` : path.attr;
}

/** A user with nothing set: what POST and PUT start from (`userName` and `emails` are then required). */
export function blankUser(identity: Pick<UserRecord, "id" | "created" | "externalId">): UserRecord {
  return {
    id: identity.id,
    externalId: identity.externalId,
    created: identity.created,
    userName: "",
    givenName: "",
    familyName: "",
    honorificPrefix: null,
    displayName: "",
    title: "",
    timezone: defaultTimezone,
    active: true,
    primaryEmail: "",
    secondaryEmail: null,
    photo: null,
    address: null,
    primaryPhone: null,
    mobilePhone: null,
    userType: null,
    role: null,
    preferredLanguage: null,
    locale: null,
    enterprise: null,
    startDate: null,
    guest: null,
  };
}
