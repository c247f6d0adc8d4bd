import { defineCommand } from "../command.js";

/** `slack-scim groups rename <group> <new-name>`. */
export const groupsRename = defineCommand({
  path: ["groups", "rename"],
  summary: "rename a group (PATCH displayName)",
  examples: ["slack-scim groups rename analysts research"],
  configure: (command) =>
    command
      .argument("<group>", "the group's id or display name")
      .argument("<new-name>", "the new display name"),
  async run(ctx, [ref, name]) {
    const client = await ctx.client();
    const [{ resolveGroup }, { renameGroup }] = await Promise.all([
      import("../refs.js"),
      import("slack-scim/patch"),
    ]);
    const group = await resolveGroup(client, ref, ctx.signal);
    const { group: updated } = await client.patchGroup(group.id as string, [renameGroup(name)]);
    if (ctx.settings.format) {
      const { writeItem } = await import("../output/records.js");
      await writeItem(ctx, updated ?? { ...group, displayName: name }, {
        format: ctx.settings.format,
        kind: "groups",
      });
    }
    ctx.success(`renamed ${group.displayName} (${group.id}) to ${name}`);
    return undefined;
  },
});
