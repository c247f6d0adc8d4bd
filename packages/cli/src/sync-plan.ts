import type { Command } from "@commander-js/extra-typings";
import type { ColumnMapping, PlanSyncOptions, SyncMatchKey, SyncPlan } from "slack-scim/sync";
import type { BareCommand, NoOptions } from "./command.js";
import type { CommandContext } from "./context.js";
import { UsageError } from "./errors.js";
import { collectMapping, parseList } from "./parsers.js";

/** The options `sync plan` and `sync FILE --dry-run` share. */
export type PlanFlags = {
  deactivateMissing?: true;
  scopeFilter?: string;
  exclude?: string[];
  protect?: string[];
  matchBy?: string[];
  map?: Record<string, string | null>;
};

/** Comma-separated refs, added to the earlier ones; an empty value adds none (`--exclude ""`: the whole org). */
const appendAll = (values: string, previous: string[] = []) => [
  ...previous,
  ...values
    .split(",")
    .map((value) => value.trim())
    .filter((value) => value !== ""),
];

/** Adds the FILE argument and the planning options to `command`. */
export function withPlanOptions(command: BareCommand) {
  return command
    .argument("<file>", "the people Slack should have: CSV, TSV, NDJSON or JSON (see the README's columns)")
    .option("--deactivate-missing", "also deactivate active users of the scope that the file does not list")
    .option(
      "--scope-filter <expr>",
      'users --deactivate-missing may deactivate: a SCIM filter (email co "@acme.com")',
    )
    .option(
      "--exclude <refs>",
      "users outside the scope: ids, userNames or emails, comma-separated; repeatable",
      appendAll,
    )
    .option(
      "--protect <refs>",
      "users never deactivated (bots, owners, your own): comma-separated; repeatable",
      appendAll,
    )
    .option(
      "--match-by <keys>",
      "how records find users: externalId,userName,email (in that order by default)",
      parseList,
    )
    .option(
      "--map <header=attribute>",
      'a header of the file → an attribute ("Work Phone=phone"); repeatable',
      collectMapping,
    ) as unknown as Command<[string], PlanFlags, NoOptions>;
}

const matchKeys: readonly string[] = ["externalId", "userName", "email"];

/** The `planSync` options for the flags; a scope is needed with `--deactivate-missing`. */
export function planOptions(flags: PlanFlags, signal: AbortSignal): PlanSyncOptions {
  const options: PlanSyncOptions = { signal };
  if (flags.matchBy) {
    const wrong = flags.matchBy.find((key) => !matchKeys.includes(key));
    if (wrong !== undefined) {
      throw new UsageError(`--match-by: unknown key ${JSON.stringify(wrong)}`, `use ${matchKeys.join(", ")}`);
    }
    options.matchBy = flags.matchBy as SyncMatchKey[];
  }
  if (flags.scopeFilter !== undefined || flags.exclude) {
    options.scope = {
      ...(flags.scopeFilter === undefined ? {} : { filter: flags.scopeFilter }),
      ...(flags.exclude ? { exclude: flags.exclude } : {}),
    };
  }
  if (flags.deactivateMissing) {
    if (!options.scope) {
      throw new UsageError(
        "--deactivate-missing needs a scope: the users it may deactivate",
        'add --scope-filter \'email co "@acme.com"\' and/or --exclude ids (--exclude "" for the whole org)',
      );
    }
    options.deactivateMissing = true;
  }
  if (flags.protect) options.protectedUsers = flags.protect;
  return options;
}

/**
 * Reads and checks `file` (every problem at once: exit 2, nothing planned), then plans against the org. Nothing
 * is written to Slack.
 */
export async function planFromFile(ctx: CommandContext, file: string, flags: PlanFlags): Promise<SyncPlan> {
  if (ctx.settings.format === "csv" || ctx.settings.format === "ndjson") {
    throw new UsageError("a plan prints as a table or JSON", "use --format json, or --format table");
  }
  const options = planOptions(flags, ctx.signal);
  const [{ readDesiredUsers, planSync }, { resolve }, { access }] = await Promise.all([
    import("slack-scim/sync"),
    import("node:path"),
    import("node:fs/promises"),
  ]);
  const path = resolve(ctx.cwd, file);
  await access(path).catch(() => {
    throw new UsageError(`cannot read ${file}: no such file`);
  });
  const desired = await readDesiredUsers(path, {
    fileName: file,
    ...(flags.map ? { map: flags.map as ColumnMapping } : {}),
    signal: ctx.signal,
  }).catch((error: unknown) => {
    // Options are checked before reading: a --map naming no attribute.
    if (error instanceof TypeError && !("code" in error)) throw new UsageError(error.message);
    throw error;
  });
  const client = await ctx.client();
  const progress = ctx.progress("planning:");
  progress.setDetail("reading every user of the org (and its groups when the file names groups)");
  try {
    return await planSync(client, desired, options);
  } finally {
    progress.done();
  }
}

/** Prints the plan: JSON with `--format json`, else the summary table, and every change on a terminal. */
export async function printPlan(ctx: CommandContext, plan: SyncPlan): Promise<void> {
  const format = ctx.settings.format;
  if (format === "json") {
    const { serializePlan } = await import("slack-scim/sync");
    await ctx.stdout.write(serializePlan(plan));
    return;
  }
  const { planText } = await import("./output/sync-plan.js");
  await ctx.stdout.write(`${planText(plan, ctx.out, ctx.out.isTTY).join("\n")}\n`);
}
