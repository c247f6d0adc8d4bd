import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import {
  type ApplyPlanOptions,
  applyPlan,
  checkGuardRails,
  type GuardRailOptions,
  parsePlan,
  type SyncPlan,
  type SyncReport,
} from "slack-scim/sync";
import { confirm } from "./confirm.js";
import { type CommandContext, Stopped } from "./context.js";
import { CliFailure, UsageError } from "./errors.js";
import { formatCount } from "./output/numbers.js";
import { clock } from "./output/progress.js";

/** Reads a plan file; a missing, broken or edited plan is a usage error (exit 2). */
export async function readPlanFile(ctx: CommandContext, file: string): Promise<SyncPlan> {
  let text: string;
  try {
    text = await readFile(resolve(ctx.cwd, file), "utf8");
  } catch (error) {
    throw new UsageError(
      `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
  try {
    return parsePlan(text);
  } catch (error) {
    throw new UsageError(
      `${file}: ${(error as Error).message}`,
      "make it again with `slack-scim sync plan FILE --out PLAN`",
    );
  }
}

const withoutSlash = (url: string) => url.replace(/\/+$/, "");

/** What {@link checkBeforeApply} needs besides the plan. */
export interface ApplyChecks {
  /** `--max-age`, in milliseconds. */
  maxAge: number;
  /** `--yes`. */
  yes: boolean;
  /** `--max-deactivations`, `--max-changes`, `--force`. */
  guardRails: GuardRailOptions;
}

/**
 * Everything that can refuse the plan, before any change and before asking: the org, the age, the guard rails;
 * then the confirmation (on a terminal), or the refusal of destructive steps without a terminal and `--yes`.
 */
export async function checkBeforeApply(
  ctx: CommandContext,
  plan: SyncPlan,
  checks: ApplyChecks,
): Promise<void> {
  if (withoutSlash(plan.baseUrl) !== withoutSlash(ctx.settings.baseUrl)) {
    throw new UsageError(
      `the plan was made against ${plan.baseUrl}, not ${ctx.settings.baseUrl}: nothing was applied`,
      "plan again against this org (or set --base-url to the plan's)",
    );
  }
  const age = Date.now() - Date.parse(plan.createdAt);
  if (age > checks.maxAge) {
    throw new UsageError(
      `the plan is ${clock(age / 1000)} old (made ${plan.createdAt}); --max-age allows ${clock(checks.maxAge / 1000)}: nothing was applied`,
      "the org may have changed since: plan again (or raise --max-age)",
    );
  }
  const violations = checkGuardRails(plan, checks.guardRails);
  if (violations.length > 0) {
    throw new UsageError(
      `the plan was refused, nothing was applied: ${violations.map((v) => v.message).join("; ")}`,
      "check the plan; --max-deactivations N, --max-changes N or --force allow it",
    );
  }
  const deactivations = plan.summary.deactivations;
  const removals = plan.summary.memberRemoves;
  const destructive = [
    deactivations > 0
      ? `deactivates ${formatCount(deactivations)} user${deactivations === 1 ? "" : "s"}`
      : "",
    removals > 0 ? `removes ${formatCount(removals)} group member${removals === 1 ? "" : "s"}` : "",
  ].filter((part) => part !== "");
  if (checks.yes) return;
  const terminal = ctx.io.stdin?.isTTY === true || ctx.io.env["SLACK_SCIM_FORCE_TTY"] === "1";
  if (!terminal) {
    if (destructive.length === 0) return;
    throw new UsageError(
      `the plan ${destructive.join(" and ")}: not without confirmation, and stdin is not a terminal`,
      "review the plan, then rerun with --yes",
    );
  }
  const { summaryTable } = await import("./output/sync-plan.js");
  for (const line of summaryTable(plan, ctx.err)) ctx.writeErr(line);
  const what = destructive.length > 0 ? ` (it ${destructive.join(" and ")})` : "";
  if (
    !(await confirm(ctx, `Apply ${formatCount(plan.steps.length)} steps to ${plan.baseUrl}${what}?`, false))
  ) {
    throw new CliFailure("not confirmed: nothing was changed");
  }
}

/**
 * Applies the plan with a progress bar on a terminal (done, failed, remaining, ETA from the library's rate
 * budget). Resolves with the report, or `undefined` after Ctrl-C (the steps in flight finished first).
 */
export async function applyWithProgress(
  ctx: CommandContext,
  plan: SyncPlan,
  options: ApplyPlanOptions,
): Promise<SyncReport | undefined> {
  const client = await ctx.client();
  const bar = ctx.progress("applying", plan.steps.length);
  try {
    return await applyPlan(client, plan, {
      ...options,
      signal: ctx.signal,
      onProgress: (p) => {
        const finished = p.total - p.remaining;
        bar.setDetail(
          `${formatCount(p.done)} done · ${formatCount(p.failed)} failed · ${formatCount(p.remaining)} left · ETA ${clock(p.etaMs / 1000)}`,
        );
        bar.tick(finished - bar.count);
      },
    });
  } catch (error) {
    if (error instanceof Stopped && error.reason === "interrupt") return undefined;
    throw error;
  } finally {
    bar.done();
  }
}
