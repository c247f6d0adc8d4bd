import { defineCommand } from "../command.js";
import { CliFailure } from "../errors.js";

/** `slack-scim groups delete <group>`: removes the group (its members stay), after confirming. */
export const groupsDelete = defineCommand({
  path: ["groups", "delete"],
  summary: "delete a group (its members are not touched); asks first",
  examples: ["slack-scim groups delete research --yes"],
  configure: (command) =>
    command
      .argument("<group>", "the group's id or display name")
      .option("-y, --yes", "do not ask for confirmation"),
  async run(ctx, [ref], options) {
    const client = await ctx.client();
    const [{ resolveGroup }, { confirm }] = await Promise.all([
      import("../refs.js"),
      import("../confirm.js"),
    ]);
    const group = await resolveGroup(client, ref, ctx.signal);
    const count = group.members?.length ?? 0;
    const question = `Delete group ${group.displayName} (${group.id}, ${count} member${count === 1 ? "" : "s"})?`;
    if (!(await confirm(ctx, question, options.yes)))
      throw new CliFailure("not confirmed: nothing was changed");
    await client.deleteGroup(group.id as string);
    ctx.success(`deleted group ${group.displayName} (${group.id})`);
    return undefined;
  },
});
