import { defineCommand } from "../command.js";
import { UsageError } from "../errors.js";
import { withPlanOptions } from "../sync-plan.js";

/** `slack-scim sync FILE --dry-run`: `sync plan` without writing the plan anywhere. */
export const syncDryRun = defineCommand({
  path: ["sync"],
  summary:
    "make Slack match a file of people: `sync plan`, review, then `sync apply` (FILE --dry-run: plan only)",
  description:
    "A sync is two commands, so what is applied is exactly what was reviewed: `sync plan FILE --out plan.json`, then `sync apply plan.json`. `sync FILE --dry-run` prints the plan and writes nothing.",
  examples: ['slack-scim sync people.csv --map "Work Phone=phone" --dry-run'],
  configure: (command) =>
    withPlanOptions(command).option(
      "--dry-run",
      "print the plan; write nothing (needed: see the description)",
    ),
  async run(ctx, [file], options) {
    if (!options.dryRun) {
      throw new UsageError(
        "`sync FILE` needs --dry-run: a sync is planned, reviewed, then applied",
        `slack-scim sync plan ${file} --out plan.json, then slack-scim sync apply plan.json`,
      );
    }
    const { planFromFile, printPlan } = await import("../sync-plan.js");
    await printPlan(ctx, await planFromFile(ctx, file, options));
    return undefined;
  },
});
