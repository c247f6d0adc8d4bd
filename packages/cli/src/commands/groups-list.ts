import { defineCommand } from "../command.js";
import { parseList, parsePositiveInt } from "../parsers.js";

/** `slack-scim groups list`: every group (or those a filter matches), streamed. */
export const groupsList = defineCommand({
  path: ["groups", "list"],
  summary: "list groups, every page, streamed",
  examples: [
    "slack-scim groups list",
    `slack-scim groups list --filter 'displayName sw "eng"' --format json`,
  ],
  configure: (command) =>
    command
      .option("--filter <expr>", "SCIM filter on displayName, e.g. 'displayName eq \"pioneers\"'")
      .option("--fields <list>", "columns to print, comma-separated", parseList)
      .option("--limit <n>", "stop after N groups", parsePositiveInt),
  async run(ctx, _args, options) {
    const { streamResources } = await import("../walk.js");
    const { groupTableColumns } = await import("../output/fields.js");
    const result = await streamResources(ctx, {
      kind: "groups",
      format: ctx.listFormat(),
      sink: ctx.stdout,
      filter: options.filter,
      limit: options.limit,
      fields: options.fields,
      tableColumns: groupTableColumns,
      label: "listing groups",
    });
    if (result.stopped && ctx.stopReason === "interrupt") {
      ctx.info(`interrupted after ${result.count} groups`);
      return 130;
    }
    return undefined;
  },
});
