import { defineCommand } from "../command.js";

/** `slack-scim groups create <name> [--member ref…]`: a new group; prints its id. */
export const groupsCreate = defineCommand({
  path: ["groups", "create"],
  summary: "create a group, optionally with members; prints the new id",
  examples: ["slack-scim groups create analysts --member ada.lovelace --member grace@example.com"],
  configure: (command) =>
    command
      .argument("<name>", "display name")
      .option(
        "--member <ref>",
        "a member (id, userName or email); repeat for more",
        (ref: string, refs: string[] = []) => [...refs, ref],
      ),
  async run(ctx, [name], options) {
    const client = await ctx.client();
    const { resolveUsers } = await import("../refs.js");
    const members = await resolveUsers(ctx, client, options.member ?? []);
    const { group } = await client.createGroup({
      displayName: name,
      members: members.map((user) => ({ value: user.id as string })),
    });
    if (ctx.settings.format && ctx.settings.format !== "table") {
      const { writeItem } = await import("../output/records.js");
      await writeItem(ctx, group, { format: ctx.settings.format, kind: "groups" });
    } else {
      await ctx.stdout.write(`${group.id}\n`);
    }
    ctx.success(
      `created group ${group.displayName} (${group.id}) with ${members.length} member${members.length === 1 ? "" : "s"}`,
    );
    return undefined;
  },
});
