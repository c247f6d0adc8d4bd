import { Stopped } from "./context.js";
import { CliFailure, ExitCode, UsageError } from "./errors.js";
import type { Terminal } from "./output/terminal.js";
import { type APIErrorLike, remedyFor } from "./remedies.js";

/** An error as the user sees it: lines for stderr and the exit code. */
export interface ErrorReport {
  /** Exit code: 1 for API and runtime failures, 2 for usage and input errors, 130 or 0 when stopped. */
  readonly exitCode: number;
  /** Lines for stderr, without newlines; empty when nothing should be printed. */
  readonly lines: readonly string[];
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null;

/** `ECONNREFUSED`, `ENOTFOUND`, … from a connection error's cause chain. */
function causeCode(error: unknown): string | undefined {
  for (let e: unknown = error, depth = 0; isObject(e) && depth < 5; e = e["cause"], depth += 1) {
    if (typeof e["code"] === "string" && !e["code"].startsWith("slack_scim_")) return e["code"];
  }
  return undefined;
}

/** What to do about each refusal of `sync apply` (nothing was applied). */
const refusalHints: Readonly<Record<string, string>> = {
  maxDeactivations: "nothing was applied: check the plan, then allow it with --max-deactivations N",
  maxChanges: "nothing was applied: check the plan, then allow it with --max-changes N",
  massDeactivation: "nothing was applied: check the file and the scope; --force applies it anyway",
  baseUrl: "nothing was applied: plan again against this org (or set --base-url to the plan's)",
  maxAge: "nothing was applied: the org may have changed; plan again (or raise --max-age)",
  journal: "nothing was applied: give this plan its own --journal file",
};

/**
 * Turns anything a command throws into what the user reads. The client's errors are recognised by their
 * public `code` (`slack_scim_…`), so this module does not load the client.
 */
export function describeError(error: unknown, err: Terminal, command: string): ErrorReport {
  const label = err.paint("red", "error:");
  const hintLabel = err.paint("yellow", "hint:");
  const withHint = (message: string, hint: string | undefined) =>
    hint ? [`${label} ${message}`, `${hintLabel} ${hint}`] : [`${label} ${message}`];
  if (error instanceof Stopped) {
    return error.reason === "closed-pipe"
      ? { exitCode: ExitCode.ok, lines: [] }
      : { exitCode: ExitCode.interrupted, lines: [`${label} interrupted`] };
  }
  if (error instanceof UsageError) {
    return {
      exitCode: ExitCode.usage,
      lines: withHint(error.message, error.hint ?? `see \`slack-scim ${command} --help\``),
    };
  }
  if (error instanceof CliFailure)
    return { exitCode: ExitCode.failure, lines: withHint(error.message, error.hint) };
  const code = isObject(error) ? error["code"] : undefined;
  const message = error instanceof Error ? error.message : String(error);
  if (code === "slack_scim_http_error" || code === "slack_scim_rate_limited_error") {
    return { exitCode: ExitCode.failure, lines: withHint(message, remedyFor(error as APIErrorLike)) };
  }
  if (code === "slack_scim_timeout_error") {
    return {
      exitCode: ExitCode.failure,
      lines: withHint(message, "Slack did not answer in time: rerun; reads are safe to repeat"),
    };
  }
  if (code === "slack_scim_request_error") {
    const cause = causeCode(error);
    return {
      exitCode: ExitCode.failure,
      lines: withHint(
        cause ? `${message} (${cause})` : message,
        "the API could not be reached: check --base-url (or SLACK_SCIM_BASE_URL), the network and any proxy (HTTPS_PROXY)",
      ),
    };
  }
  if (code === "slack_scim_response_error") {
    return {
      exitCode: ExitCode.failure,
      lines: withHint(message, "the answer was not SCIM: check that --base-url points at Slack's SCIM API"),
    };
  }
  if (code === "slack_scim_sync_input_error") {
    return { exitCode: ExitCode.usage, lines: withHint(message, "fix these lines and plan again") };
  }
  if (code === "slack_scim_sync_refused_error") {
    const reason = isObject(error) ? String(error["reason"]) : "";
    return { exitCode: ExitCode.usage, lines: withHint(message, refusalHints[reason]) };
  }
  // The client checks filters and PATCH paths before sending anything: those come from the user's input.
  if (error instanceof Error && (error.name === "SCIMFilterError" || error.name === "PatchPathError")) {
    return { exitCode: ExitCode.usage, lines: withHint(message, `see \`slack-scim ${command} --help\``) };
  }
  return { exitCode: ExitCode.failure, lines: [`${label} ${message}`] };
}
