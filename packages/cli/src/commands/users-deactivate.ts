import { defineCommand } from "../command.js";

/** `slack-scim users deactivate <ref>…`: Slack's DELETE, which deactivates (never deletes). */
export const usersDeactivate = defineCommand({
  path: ["users", "deactivate"],
  summary: "deactivate users (Slack's DELETE: they stay readable, with active false)",
  description:
    "Every ref is resolved before anything changes. Ctrl-C stops after the calls in flight and lists what was not done.",
  examples: [
    "slack-scim users deactivate alan.turing",
    "slack-scim users deactivate W0123ABCDEF edsger@example.com",
  ],
  configure: (command) => command.argument("<ref...>", "ids, userNames or emails"),
  async run(ctx, [refs]) {
    const { changeUsers } = await import("../user-batch.js");
    return changeUsers(ctx, refs, { doing: "deactivating", done: "deactivated" }, async (client, user) => {
      await client.deleteUser(user.id as string);
      return { ...user, active: false };
    });
  },
});
