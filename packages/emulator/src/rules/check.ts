import { badRequest, EmulatorHTTPError, userError } from "../errors.js";
import type { UserRecord } from "../store/records.js";
import { sameEmail } from "./emails.js";

const blankName = (u: UserRecord) => u.givenName.trim() === "" && u.familyName.trim() === "";

/**
 * The rules that hold for the user as a whole, checked once after every write (`before` is `null` for a create):
 *
 * - a user keeps a primary email (`missing_primary_email`), and two distinct addresses: a secondary equal to the
 *   primary is dropped;
 * - a write may not leave a named user without a name: given and family name both blank is
 *   `invalid_name_required`;
 * - the primary owner cannot be deactivated (403 `cannot_disable_primary_owner`).
 */
export function checkUser(before: UserRecord | null, after: UserRecord): void {
  if (after.primaryEmail === "") throw badRequest("missing_primary_email");
  if (sameEmail(after.secondaryEmail, after.primaryEmail)) after.secondaryEmail = null;
  if (blankName(after) && (before === null || !blankName(before))) {
    throw userError("invalid_name_required", after.userName);
  }
  if (before?.primaryOwner && before.active && !after.active) {
    throw new EmulatorHTTPError(403, "cannot_disable_primary_owner");
  }
}
