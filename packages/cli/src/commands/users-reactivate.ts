import { defineCommand } from "../command.js";

/** `slack-scim users reactivate <ref>…`: a PATCH of `active` to true. */
export const usersReactivate = defineCommand({
  path: ["users", "reactivate"],
  summary: "reactivate deactivated users (PATCH active=true)",
  examples: ["slack-scim users reactivate alan.turing"],
  configure: (command) => command.argument("<ref...>", "ids, userNames or emails"),
  async run(ctx, [refs]) {
    const [{ changeUsers }, { replace }] = await Promise.all([
      import("../user-batch.js"),
      import("slack-scim/patch"),
    ]);
    return changeUsers(ctx, refs, { doing: "reactivating", done: "reactivated" }, async (client, user) => {
      const { user: updated } = await client.patchUser(user.id as string, [replace("active", true)]);
      return updated;
    });
  },
});
