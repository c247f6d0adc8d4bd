import { defineCommand } from "../command.js";

/** `slack-scim users unset <ref> name…`: a PATCH that clears the named attributes. */
export const usersUnset = defineCommand({
  path: ["users", "unset"],
  summary: "clear attributes of one user (PATCH remove)",
  examples: ["slack-scim users unset ada.lovelace title department"],
  configure: (command) =>
    command
      .argument("<ref>", "the user's id, userName or email")
      .argument("<name...>", "attributes to clear"),
  async run(ctx, [ref, names]) {
    const { unsetOperations } = await import("../user-attributes.js");
    const { patchUser } = await import("../patch-user.js");
    return patchUser(ctx, ref, unsetOperations(names), "unset");
  },
});
