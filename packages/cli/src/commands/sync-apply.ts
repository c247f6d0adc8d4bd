import { defineCommand } from "../command.js";
import { parseCount, parseDuration } from "../parsers.js";

/** `slack-scim sync apply plan.json`: applies exactly the reviewed plan, with a journal to resume from. */
export const syncApply = defineCommand({
  path: ["sync", "apply"],
  summary: "apply a reviewed plan (asks first; journal to resume; a report at the end)",
  description:
    "Refuses a plan made against another org or older than --max-age, and one past its guard rails (--max-deactivations, default the smaller of 10 and 5% of active users; --max-changes; more than half the scope deactivated needs --force), before anything changes. Asks on a terminal; in a script, --yes is needed for deactivations and member removals. Every finished step goes to the journal (default: the plan's name + .journal): run the same command again after a failure or Ctrl-C and it resumes. A user changed since the plan is skipped, never overwritten. Exit 1 if a step failed.",
  examples: ["slack-scim sync apply plan.json --yes --report report.json"],
  configure: (command) =>
    command
      .argument("<plan>", "a plan written by `sync plan --out`")
      .option("--journal <file>", "where finished steps are recorded (default: PLAN.journal)")
      .option("-y, --yes", "do not ask for confirmation (needed for deactivations without a terminal)")
      .option(
        "--max-age <duration>",
        "refuse a plan older than this (90s, 30m, 24h, 7d)",
        parseDuration,
        86_400_000,
      )
      .option("--report <file>", "write the report (every step's outcome) to FILE as JSON")
      .option("--max-deactivations <n>", "refuse a plan with more deactivations", parseCount)
      .option("--max-changes <n>", "refuse a plan with more changes (members count one each)", parseCount)
      .option("--force", "apply a plan that deactivates more than half of its scope"),
  async run(ctx, [planFile], options) {
    const [{ readPlanFile, checkBeforeApply }, { writeFile }, { resolve }, { CliFailure }] =
      await Promise.all([
        import("../sync-apply.js"),
        import("node:fs/promises"),
        import("node:path"),
        import("../errors.js"),
      ]);
    const plan = await readPlanFile(ctx, planFile);
    const guardRails = {
      ...(options.maxDeactivations === undefined ? {} : { maxDeactivations: options.maxDeactivations }),
      ...(options.maxChanges === undefined ? {} : { maxChanges: options.maxChanges }),
      ...(options.force ? { force: true } : {}),
    };
    await checkBeforeApply(ctx, plan, { maxAge: options.maxAge, yes: options.yes === true, guardRails });
    const journalName = options.journal ?? `${planFile}.journal`;
    const { applyWithProgress } = await import("../sync-apply.js");
    const report = await applyWithProgress(ctx, plan, {
      ...guardRails,
      journal: resolve(ctx.cwd, journalName),
      maxAge: options.maxAge,
    });
    if (report === undefined) {
      ctx.writeErr(
        `interrupted: the steps in flight finished; ${journalName} keeps what was done: run the same command again to resume`,
      );
      return 130;
    }
    if (options.report) {
      await writeFile(resolve(ctx.cwd, options.report), `${JSON.stringify(report, null, 2)}\n`).catch(
        (error: Error) => {
          throw new CliFailure(`cannot write ${options.report}: ${error.message}`);
        },
      );
    }
    if (ctx.settings.format === "json") await ctx.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    const { reportText } = await import("../output/sync-plan.js");
    const [first, ...rest] = reportText(report, ctx.err);
    for (const line of rest) ctx.writeErr(line);
    if (report.failed > 0) {
      ctx.writeErr(`${ctx.err.paint("red", "error:")} ${first}`);
      ctx.writeErr(
        `${ctx.err.paint("yellow", "hint:")} run the same command again to retry the failed steps (${journalName} keeps the rest)`,
      );
      return 1;
    }
    ctx.success(first as string);
    return undefined;
  },
});
