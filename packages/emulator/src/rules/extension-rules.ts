import { badRequest } from "../errors.js";
import type { UserRecord } from "../store/records.js";
import { mergeEnterprise, parseGuest, parseProfile } from "./extensions.js";
import type { AttributeRule } from "./rule.js";
import { profileValue } from "./values.js";

/**
 * The rules of Slack's three user extensions. A path's `sub` is the field inside the block (`employeenumber`,
 * `manager.managerid`); `""` or none is the whole block, which merges into what is stored.
 */

const enterpriseFields = ["employeeNumber", "costCenter", "organization", "division", "department"] as const;

/** The enterprise extension: the five fields and `manager.managerId` (an id, an email or a userName). */
export const enterpriseRule: AttributeRule = {
  set(user, value, at) {
    const field = at.sub ?? "";
    let block: unknown = value;
    if (field === "manager.managerid") block = { manager: { managerId: value } };
    else if (field !== "") {
      const key = [...enterpriseFields, "manager"].find((k) => k.toLowerCase() === field);
      if (!key) throw badRequest("invalid_request_payload");
      block = { [key]: value };
    }
    user.enterprise = mergeEnterprise(block, user.enterprise, at.resolveManager);
  },
  clear(user, at) {
    const field = at.sub ?? "";
    if (field === "") {
      user.enterprise = null;
      return;
    }
    if (!user.enterprise) return;
    if (field === "manager" || field === "manager.managerid") {
      user.enterprise.managerId = null;
      return;
    }
    const key = enterpriseFields.find((k) => k.toLowerCase() === field);
    if (key) user.enterprise[key] = null;
    else if (at.strict) throw badRequest("invalid_request_payload");
  },
};

/** Becoming a guest, or a full member again, reactivates a deactivated user (Slack's documentation). */
function convert(user: UserRecord, guest: UserRecord["guest"]): void {
  if ((user.guest === null) !== (guest === null)) user.active = true;
  user.guest = guest;
}

/**
 * The guest extension: adding it makes a full member a multi-channel guest (`type: "multi"`, optional
 * `expiration`); removing the whole block makes them a full member again. Admins and owners cannot become guests.
 */
export const guestRule: AttributeRule = {
  set(user, value, at) {
    const field = at.sub ?? "";
    if (field !== "" && field !== "expiration" && field !== "type")
      throw badRequest("invalid_request_payload");
    const block = field === "" ? value : { [field]: value };
    convert(user, parseGuest(block, user.guest, user.admin === true));
    delete user.ultraRestricted;
  },
  clear(user, at) {
    if (!user.guest) return;
    if (at.sub === "expiration") delete user.guest.expiration;
    else convert(user, null);
  },
};

/** The profile extension: `startDate`. */
export const profileRule: AttributeRule = {
  set(user, value, at) {
    const field = at.sub ?? "";
    if (field !== "" && field !== "startdate") throw badRequest("invalid_request_payload");
    user.startDate = field === "" ? parseProfile(value) : profileValue(value);
  },
  clear(user) {
    user.startDate = null;
  },
};
