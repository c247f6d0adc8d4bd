import { defineCommand } from "../command.js";
import { parseList } from "../parsers.js";

/** `slack-scim users get <ref>`: one user by id, userName or email. */
export const usersGet = defineCommand({
  path: ["users", "get"],
  summary: "show one user by id, userName or email",
  examples: ["slack-scim users get ada.lovelace", "slack-scim users get ada@example.com --format json"],
  configure: (command) =>
    command
      .argument("<ref>", "the user's id, userName or email")
      .option("--fields <list>", "only these columns, comma-separated", parseList),
  async run(ctx, [ref], options) {
    const client = await ctx.client();
    const { resolveUser } = await import("../refs.js");
    const { writeItem } = await import("../output/records.js");
    const user = await resolveUser(client, ref, ctx.signal);
    await writeItem(ctx, user, { format: ctx.itemFormat(), kind: "users", fields: options.fields });
    return undefined;
  },
});
