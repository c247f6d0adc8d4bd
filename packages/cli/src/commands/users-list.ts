import { defineCommand } from "../command.js";
import { UsageError } from "../errors.js";
import { parseList, parsePositiveInt } from "../parsers.js";

/** `slack-scim users list`: every user (or those a filter matches), streamed page by page. */
export const usersList = defineCommand({
  path: ["users", "list"],
  summary: "list users, every page, streamed",
  description:
    "Slack filters on userName, email, restricted and ultra_restricted; --active and --inactive are applied after reading (Slack cannot filter on active).",
  examples: [
    "slack-scim users list --limit 20",
    `slack-scim users list --filter 'email co "@example.com"' --fields id,userName,email --format csv`,
    "slack-scim users list --inactive --format ndjson",
  ],
  configure: (command) =>
    command
      .option("--filter <expr>", "SCIM filter, e.g. 'userName sw \"ada\"'")
      .option("--active", "only active users")
      .option("--inactive", "only deactivated users")
      .option("--fields <list>", "columns to print, comma-separated (see the CSV columns)", parseList)
      .option("--limit <n>", "stop after N users", parsePositiveInt),
  async run(ctx, _args, options) {
    if (options.active && options.inactive)
      throw new UsageError("--active and --inactive cannot be used together");
    const { streamResources } = await import("../walk.js");
    const { userTableColumns } = await import("../output/fields.js");
    const wanted = options.active ? true : options.inactive ? false : undefined;
    const result = await streamResources(ctx, {
      kind: "users",
      format: ctx.listFormat(),
      sink: ctx.stdout,
      filter: options.filter,
      keep:
        wanted === undefined
          ? undefined
          : (user) => ((user as { active?: boolean }).active !== false) === wanted,
      limit: options.limit,
      fields: options.fields,
      tableColumns: userTableColumns,
      label: "listing users",
    });
    if (result.stopped && ctx.stopReason === "interrupt") {
      ctx.info(`interrupted after ${result.count} users`);
      return 130;
    }
    return undefined;
  },
});
