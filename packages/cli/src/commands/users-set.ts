import { defineCommand } from "../command.js";

/** `slack-scim users set <ref> name=value…`: a PATCH of the named attributes only. */
export const usersSet = defineCommand({
  path: ["users", "set"],
  summary: "change attributes of one user (PATCH: nothing else is touched)",
  description:
    "Names: userName, displayName, nickName, title, timezone, givenName, familyName, email (the primary), department, division, costCenter, organization, employeeNumber, manager (an id), startDate, or any SCIM path. name:=JSON sets a JSON value.",
  examples: [`slack-scim users set ada.lovelace title="Principal Analyst" department=Research`],
  configure: (command) =>
    command
      .argument("<ref>", "the user's id, userName or email")
      .argument("<name=value...>", "attributes to set"),
  async run(ctx, [ref, assignments]) {
    const { setOperations } = await import("../user-attributes.js");
    const { patchUser } = await import("../patch-user.js");
    return patchUser(ctx, ref, setOperations(assignments), "set");
  },
});
