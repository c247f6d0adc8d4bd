import { SyncRefusedError } from "../core/errors.js";
import { slackRateLimits } from "../ratelimit/slack-limits.js";
import { type Execution, runStep } from "./apply-steps.js";
import { RateBudget } from "./budget.js";
import { checkGuardRails } from "./guard-rails.js";
import { Journal, type JournalState } from "./journal.js";
import { Lanes } from "./lanes.js";
import type { SyncClient } from "./org-walk.js";
import { checkPlan } from "./plan-file.js";
import type { SyncPlan, SyncStep } from "./plan-types.js";
import type { ApplyPlanOptions, SyncProgress, SyncReport, SyncStepOutcome } from "./report.js";

const dayMs = 86_400_000;

function checkOptions(options: ApplyPlanOptions): void {
  const { concurrency, maxAge, journal, onProgress } = options;
  if (concurrency !== undefined && (!Number.isInteger(concurrency) || concurrency < 1)) {
    throw new RangeError("applyPlan: option concurrency must be an integer >= 1");
  }
  if (maxAge !== undefined && (typeof maxAge !== "number" || !(maxAge >= 0))) {
    throw new RangeError("applyPlan: option maxAge must be a number of milliseconds >= 0 (or Infinity)");
  }
  if (journal !== undefined && (typeof journal !== "string" || journal === "")) {
    throw new TypeError("applyPlan: option journal must be a file path");
  }
  if (onProgress !== undefined && typeof onProgress !== "function") {
    throw new TypeError("applyPlan: option onProgress must be a function");
  }
}

/**
 * The order steps run in: creates (users and groups) and updates of existing users together; then the updates
 * that need a user the plan creates (a manager); then membership changes; deactivations last.
 */
function phases(steps: readonly SyncStep[]): SyncStep[][] {
  const out: SyncStep[][] = [[], [], [], []];
  for (const step of steps) {
    let phase: number;
    if (step.kind === "deactivateUser") phase = 3;
    else if (step.kind === "addMembers" || step.kind === "removeMembers") phase = 2;
    else if (
      (step.kind === "updateUser" || step.kind === "reactivateUser") &&
      (step.user.id === undefined || step.manager !== undefined)
    )
      phase = 1;
    else phase = 0;
    out[phase]?.push(step);
  }
  return out;
}

function targetOf(step: SyncStep): string {
  if (step.kind === "createUser") return step.userName;
  if (step.kind === "createGroup" || step.kind === "addMembers" || step.kind === "removeMembers")
    return step.displayName;
  return step.user.userName;
}

/** Refuses, before anything is applied, a plan for another org, too old, or breaking a guard rail. */
function refuseEarly(client: SyncClient, plan: SyncPlan, options: ApplyPlanOptions): void {
  const base = plan.baseUrl.endsWith("/") ? plan.baseUrl : `${plan.baseUrl}/`;
  if (base !== client.baseUrl) {
    throw new SyncRefusedError(
      `the plan was made against ${plan.baseUrl}, not this client's ${client.baseUrl}; plan again against this org`,
      { reason: "baseUrl" },
    );
  }
  const maxAge = options.maxAge ?? dayMs;
  const age = Date.now() - Date.parse(plan.createdAt);
  if (age > maxAge) {
    throw new SyncRefusedError(
      `the plan is ${Math.round(age / 60_000)} minutes old; maxAge allows ${Math.round(maxAge / 60_000)} (the org may have changed since it was reviewed): plan again`,
      { reason: "maxAge", actual: age, limit: maxAge },
    );
  }
  const [violation] = checkGuardRails(plan, options);
  if (violation) {
    throw new SyncRefusedError(`refused before applying anything: ${violation.message}`, {
      reason: violation.reason,
      actual: violation.actual,
      limit: violation.limit,
    });
  }
}

/**
 * Applies a plan made by `planSync`, exactly as it was reviewed. It first refuses a plan that was changed, made
 * against another base URL, older than `maxAge`, or that breaks a guard rail (`maxDeactivations`, `maxChanges`,
 * more than half of its scope deactivated without `force`); nothing is applied then. Steps run `concurrency` at a
 * time under the client's limits, in a safe order: creates and updates, then memberships, deactivations last.
 * Within each of those phases the workers are shared among the endpoints the steps write to (creates, user
 * updates, group updates), so one endpoint's limit never holds back another's.
 * Before each update or deactivation the user is read again; one that changed since the plan is skipped and
 * reported, never overwritten. With `journal`, every finished step is appended and synced to disk, and a rerun
 * with the same file resumes: finished steps are not repeated and a create is never sent twice.
 *
 * A step that fails is reported and the others go on; the report says what happened to every step.
 *
 * @throws {@link SyncRefusedError} when refused (before any step).
 * @throws `TypeError` for a plan that is not whole and unmodified, or a bad option.
 * @example
 * ```ts
 * const report = await applyPlan(client, plan, { journal: "sync.journal", onProgress: (p) => console.log(p.done) });
 * if (!report.ok) console.log(report.steps.filter((s) => s.status === "failed"));
 * ```
 */
export async function applyPlan(
  client: SyncClient,
  plan: SyncPlan,
  options: ApplyPlanOptions = {},
): Promise<SyncReport> {
  checkOptions(options);
  const checked = checkPlan(plan);
  refuseEarly(client, checked, options);
  const { signal } = options;
  signal?.throwIfAborted();
  const startedAt = new Date();
  let journal: Journal | undefined;
  let state: JournalState = new Map();
  if (options.journal !== undefined) ({ journal, state } = await Journal.open(options.journal, checked.id));
  try {
    const run = new Run(client, checked, journal, state, options);
    await run.all(phases(checked.steps));
    const steps = checked.steps.map((s) => run.outcomes.get(s.id) as SyncStepOutcome);
    const count = (status: SyncStepOutcome["status"]) => steps.filter((s) => s.status === status).length;
    const finishedAt = new Date();
    return {
      planId: checked.id,
      baseUrl: checked.baseUrl,
      startedAt: startedAt.toISOString(),
      finishedAt: finishedAt.toISOString(),
      durationMs: finishedAt.getTime() - startedAt.getTime(),
      total: steps.length,
      done: count("done"),
      failed: count("failed"),
      skipped: count("skipped"),
      resumed: steps.filter((s) => s.fromJournal).length,
      ok: count("failed") === 0,
      steps,
    };
  } finally {
    await journal?.close();
  }
}

/** One run of a plan: outcomes, created ids, progress. */
class Run {
  readonly outcomes = new Map<string, SyncStepOutcome>();
  readonly #created = new Map<string, string>();
  readonly #client: SyncClient;
  readonly #plan: SyncPlan;
  readonly #journal: Journal | undefined;
  readonly #state: JournalState;
  readonly #options: ApplyPlanOptions;
  readonly #counts = { done: 0, failed: 0, skipped: 0 };
  #budget: RateBudget | undefined;

  constructor(
    client: SyncClient,
    plan: SyncPlan,
    journal: Journal | undefined,
    state: JournalState,
    options: ApplyPlanOptions,
  ) {
    this.#client = client;
    this.#plan = plan;
    this.#journal = journal;
    this.#state = state;
    this.#options = options;
  }

  async all(phases: SyncStep[][]): Promise<void> {
    const pending = phases.map((steps) => steps.filter((step) => !this.#restore(step)));
    this.#budget = new RateBudget(pending, this.#options.rateLimits ?? slackRateLimits);
    this.#report(undefined);
    for (const steps of pending) await this.#phase(steps);
  }

  /** Takes a step an earlier run finished from the journal; `true` when there is nothing left to do. */
  #restore(step: SyncStep): boolean {
    const entry = this.#state.get(step.id);
    if (entry?.id !== undefined && entry.status === "done") this.#created.set(step.id, entry.id);
    if (entry?.status !== "done" && entry?.status !== "skipped") return false;
    const outcome: SyncStepOutcome = {
      step: step.id,
      kind: step.kind,
      target: targetOf(step),
      status: entry.status,
      fromJournal: true,
    };
    if (entry.id !== undefined) outcome.id = entry.id;
    if (entry.reason !== undefined) outcome.reason = entry.reason as NonNullable<SyncStepOutcome["reason"]>;
    if (entry.note !== undefined) outcome.note = entry.note;
    this.outcomes.set(step.id, outcome);
    this.#counts[entry.status] += 1;
    return true;
  }

  async #phase(steps: SyncStep[]): Promise<void> {
    const { signal } = this.#options;
    const lanes = new Lanes(steps);
    const worker = async () => {
      for (let step = lanes.take(); step !== undefined && !signal?.aborted; step = lanes.take()) {
        try {
          await this.#one(step);
        } finally {
          lanes.finish(step);
        }
      }
    };
    const workers = Array.from({ length: Math.min(this.#options.concurrency ?? 8, steps.length) }, worker);
    const settled = await Promise.allSettled(workers);
    signal?.throwIfAborted();
    for (const result of settled) if (result.status === "rejected") throw result.reason;
  }

  async #one(step: SyncStep): Promise<void> {
    const execution: Execution = await runStep(step, {
      client: this.#client,
      version: this.#plan.scimVersion,
      created: this.#created,
      journal: this.#journal,
      previous: this.#state.get(step.id),
      signal: this.#options.signal,
    });
    if (execution.status === "done" && execution.id !== undefined) this.#created.set(step.id, execution.id);
    const outcome: SyncStepOutcome = { step: step.id, kind: step.kind, target: targetOf(step), ...execution };
    if (this.#journal) {
      const entry: Record<string, unknown> = {
        step: step.id,
        status: outcome.status,
        at: new Date().toISOString(),
      };
      if (outcome.id !== undefined) entry["id"] = outcome.id;
      const reason = outcome.reason ?? outcome.error?.message;
      if (reason !== undefined) entry["reason"] = reason;
      if (outcome.note !== undefined) entry["note"] = outcome.note;
      await this.#journal.append(entry);
    }
    this.outcomes.set(step.id, outcome);
    this.#counts[outcome.status] += 1;
    this.#budget?.finish(step.id);
    this.#report(outcome);
  }

  #report(last: SyncStepOutcome | undefined): void {
    const { onProgress } = this.#options;
    if (!onProgress) return;
    const total = this.#plan.steps.length;
    const { done, failed, skipped } = this.#counts;
    const progress: SyncProgress = {
      total,
      done,
      failed,
      skipped,
      remaining: total - done - failed - skipped,
      etaMs: this.#budget?.etaMs() ?? 0,
    };
    if (last) progress.last = last;
    try {
      onProgress(progress);
    } catch {
      // A progress display must never stop a sync half way.
    }
  }
}
