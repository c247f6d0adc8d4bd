import { defineCommand } from "../command.js";

/** `slack-scim groups add-members <group> <user-ref>…`: one PATCH adding every user. */
export const groupsAddMembers = defineCommand({
  path: ["groups", "add-members"],
  summary: "add users to a group (one PATCH; refs resolved first)",
  examples: ["slack-scim groups add-members pioneers alan.turing katherine@example.com"],
  configure: (command) =>
    command
      .argument("<group>", "the group's id or display name")
      .argument("<user-ref...>", "ids, userNames or emails"),
  async run(ctx, [ref, userRefs]) {
    const { changeMembers } = await import("../group-members.js");
    return changeMembers(ctx, ref, userRefs, "add");
  },
});

/** `slack-scim groups remove-members <group> <user-ref>…`: one PATCH removing every user. */
export const groupsRemoveMembers = defineCommand({
  path: ["groups", "remove-members"],
  summary: "remove users from a group (one PATCH; refs resolved first)",
  examples: ["slack-scim groups remove-members pioneers alan.turing"],
  configure: (command) =>
    command
      .argument("<group>", "the group's id or display name")
      .argument("<user-ref...>", "ids, userNames or emails"),
  async run(ctx, [ref, userRefs]) {
    const { changeMembers } = await import("../group-members.js");
    return changeMembers(ctx, ref, userRefs, "remove");
  },
});
