import { defineCommand } from "../command.js";
import { parseList } from "../parsers.js";

/** `slack-scim groups get <group>`: one group by id or display name, with its members. */
export const groupsGet = defineCommand({
  path: ["groups", "get"],
  summary: "show one group (by id or display name) and its members",
  examples: ["slack-scim groups get pioneers", "slack-scim groups get pioneers --format json"],
  configure: (command) =>
    command
      .argument("<group>", "the group's id or display name")
      .option("--fields <list>", "only these columns, comma-separated", parseList),
  async run(ctx, [ref], options) {
    const client = await ctx.client();
    const [{ resolveGroup }, { writeItem }] = await Promise.all([
      import("../refs.js"),
      import("../output/records.js"),
    ]);
    const group = await resolveGroup(client, ref, ctx.signal);
    const format = ctx.itemFormat();
    if (format !== "table" || options.fields) {
      await writeItem(ctx, group, { format, kind: "groups", fields: options.fields });
      return undefined;
    }
    await writeItem(ctx, group, { format, kind: "groups", fields: ["id", "displayName", "memberCount"] });
    const members = group.members ?? [];
    if (members.length > 0) {
      const { fitWidths, tableLine } = await import("../output/table.js");
      const rows = members.map((member) => [member.value ?? "", member.display ?? ""]);
      const header = ["member", "display"];
      const widths = fitWidths(header, rows, ctx.out.columns);
      const lines = [
        tableLine(header, widths, (cell) => ctx.out.paint("bold", cell)),
        ...rows.map((row) => tableLine(row, widths)),
      ];
      await ctx.stdout.write(`\n${lines.join("\n")}\n`);
    }
    return undefined;
  },
});
