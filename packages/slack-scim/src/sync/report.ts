import type { RateLimitRules } from "../ratelimit/limiter.js";
import type { GuardRailOptions } from "./guard-rails.js";
import type { SyncStepKind } from "./plan-types.js";

/** Why a step was skipped. */
export type SyncSkipReason =
  /** The user changed after the plan was made; it was not overwritten (plan again). */
  | "changed"
  /** The user no longer exists. */
  | "gone"
  /** Slack refused to deactivate a bot, the primary owner or an owner (protected; nothing to do). */
  | "protected"
  /** A step it depends on (the create of its user, manager or group) did not succeed. */
  | "dependency";

/** How one step ended. */
export interface SyncStepOutcome {
  /** The step's id. */
  step: string;
  /** The step's kind. */
  kind: SyncStepKind;
  /** The user's `userName` or the group's display name. */
  target: string;
  /** Done (now or by an earlier run), failed (tried again on a rerun with the journal), or skipped (final). */
  status: "done" | "failed" | "skipped";
  /** Why it was skipped. */
  reason?: SyncSkipReason;
  /** Why it failed: the error's message, code, status and Slack's error code. */
  error?: {
    /** The error's message (never the token). */
    message: string;
    /** The error's `code`, for SCIM errors (`slack_scim_http_error`, …). */
    code?: string;
    /** The HTTP status, for HTTP errors. */
    statusCode?: number;
    /** Slack's error code (`username_taken`, …), when it sent one. */
    errorCode?: string;
  };
  /** The id a create made (or found, for a create an interrupted run had sent). */
  id?: string;
  /** A remark: "already applied", "created by the interrupted run", members that could not be resolved. */
  note?: string;
  /** `true` when an earlier run had finished it (read from the journal). */
  fromJournal?: boolean;
}

/** What `onProgress` receives after each step. */
export interface SyncProgress {
  /** Steps in the plan. */
  total: number;
  /** Steps done (this run and earlier runs). */
  done: number;
  /** Steps that failed. */
  failed: number;
  /** Steps skipped. */
  skipped: number;
  /** Steps not finished yet. */
  remaining: number;
  /**
   * Time the remaining steps need at the sustained rates of the limit table, in milliseconds (bursts are left
   * out, so a small sync finishes sooner).
   */
  etaMs: number;
  /** The step that just finished (`undefined` for the first call, before any step). */
  last?: SyncStepOutcome;
}

/** What `applyPlan` resolves with: every step's outcome, in plan order, with totals. JSON-serialisable. */
export interface SyncReport {
  /** The plan's id. */
  planId: string;
  /** The org it was applied to. */
  baseUrl: string;
  /** ISO 8601. */
  startedAt: string;
  /** ISO 8601. */
  finishedAt: string;
  /** This run's wall time, in milliseconds. */
  durationMs: number;
  /** Steps in the plan. */
  total: number;
  /** Steps done, this run or an earlier one. */
  done: number;
  /** Steps that failed. */
  failed: number;
  /** Steps skipped. */
  skipped: number;
  /** Steps an earlier run had finished (from the journal). */
  resumed: number;
  /** `true` when no step failed. */
  ok: boolean;
  /** Every step's outcome, in plan order. */
  steps: SyncStepOutcome[];
}

/** Options of `applyPlan`. */
export interface ApplyPlanOptions extends GuardRailOptions {
  /**
   * A journal file (JSON lines): every finished step is appended and synced to disk. Run again with the same
   * file to resume: finished steps are not repeated, and a create that was in flight is not sent twice.
   */
  journal?: string;
  /**
   * Steps run at once. The client's own limits still apply: create it with `rateLimit: "slack"` so the sync
   * stays inside Slack's org-wide budget.
   * @defaultValue 8
   */
  concurrency?: number;
  /** Called before the first step and after each step. An exception it throws is ignored. */
  onProgress?: (progress: SyncProgress) => void;
  /**
   * Refuse a plan older than this, in milliseconds (the org may have changed since it was reviewed).
   * `Infinity` accepts any age.
   * @defaultValue 86,400,000 (24 hours)
   */
  maxAge?: number;
  /** The limits the ETA is computed from. @defaultValue `slackRateLimits` */
  rateLimits?: RateLimitRules;
  /**
   * Stops starting steps; steps in flight are cancelled and the call rejects with the signal's reason. The
   * journal keeps what finished.
   */
  signal?: AbortSignal;
}
