import { defineCommand } from "../command.js";
import { withPlanOptions } from "../sync-plan.js";

/** `slack-scim sync plan FILE [--out plan.json]`: the changes that make Slack match FILE, for review. */
export const syncPlan = defineCommand({
  path: ["sync", "plan"],
  summary: "plan the changes that make Slack match a CSV or JSON file of people (writes nothing to Slack)",
  description:
    "Every row is checked first: problems are listed with file, line and column, and nothing is planned (exit 2). The plan prints as a summary table, then every change on a terminal (--format json for the plan itself). --out writes it for `sync apply`.",
  examples: ['slack-scim sync plan people.csv --map "Work Phone=phone" --out plan.json'],
  configure: (command) =>
    withPlanOptions(command).option("--out <file>", "write the plan to FILE, for `sync apply`"),
  async run(ctx, [file], options) {
    const [{ planFromFile, printPlan }, { rm, writeFile }, { resolve }] = await Promise.all([
      import("../sync-plan.js"),
      import("node:fs/promises"),
      import("node:path"),
    ]);
    const plan = await planFromFile(ctx, file, options);
    if (options.out) {
      const { serializePlan } = await import("slack-scim/sync");
      const { CliFailure } = await import("../errors.js");
      const path = resolve(ctx.cwd, options.out);
      await writeFile(path, serializePlan(plan)).catch((error: Error) => {
        throw new CliFailure(`cannot write ${options.out}: ${error.message}`);
      });
      // The default journal of the plan this one replaced records that plan's steps, not these.
      await rm(`${path}.journal`, { force: true });
    }
    await printPlan(ctx, plan);
    if (options.out)
      ctx.success(`plan written to ${options.out}: review it, then \`slack-scim sync apply ${options.out}\``);
    return undefined;
  },
});
