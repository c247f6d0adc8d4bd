import { slackRateLimits } from "slack-scim";
import type { CommandContext } from "./context.js";
import { formatCount } from "./output/numbers.js";
import { describeError, type ErrorReport } from "./report.js";

/** One check of `doctor`. */
export interface Check {
  /** What was checked: `base URL`, `service`, `token`, `users`, `rate limit`. */
  readonly name: string;
  /** Whether it passed; `undefined` for a line that is information only. */
  readonly ok: boolean | undefined;
  /** What was found. */
  readonly detail: string;
  /** The fix, for a failed check. */
  readonly remedy?: string;
}

/** What `whoami` and `doctor` found. */
export interface Diagnosis {
  /** The SCIM base URL used. */
  baseUrl: string;
  /** The SCIM version spoken. */
  scimVersion: "1.1" | "2.0";
  /** How the version was chosen: `--scim-version`, the base URL, or the default. */
  versionFrom: string;
  /** Where the token came from (never the token). */
  tokenFrom: string | undefined;
  /** Users in the org (`totalResults`), when the token was accepted. */
  users: number | undefined;
  /** The `--rate-limit` mode. */
  rateLimit: "slack" | "off";
  /** Every check, in order. */
  checks: Check[];
  /** True when no check failed. */
  ok: boolean;
}

/** The budget line for `--rate-limit`. */
export function budgetOf(mode: "slack" | "off"): string {
  if (mode === "off") {
    return "off: no pacing; on a 429 the CLI waits Retry-After and retries once";
  }
  const rule = (name: keyof typeof slackRateLimits) =>
    `${formatCount(slackRateLimits[name].perMinute)}/min (burst ${formatCount(slackRateLimits[name].burst)})`;
  return `slack: reads ${rule("reads")}, writes ${rule("writes")}, POST /Users ${rule("POST /Users")}, PUT|PATCH /Users/{id} ${rule("PUT|PATCH /Users/{id}")}; per org, shared with every SCIM app`;
}

const v1Core = "urn:scim:schemas:core:1.0";

/** The SCIM version a list answer speaks, by its `schemas`. */
function spokenVersion(body: unknown): 1 | 2 | undefined {
  const schemas = (body as { schemas?: unknown } | null)?.schemas;
  if (!Array.isArray(schemas)) return undefined;
  if (schemas.includes(v1Core)) return 1;
  if (schemas.some((s) => typeof s === "string" && s.startsWith("urn:ietf:params:scim:"))) return 2;
  return undefined;
}

function failed(name: string, report: ErrorReport): Check {
  const [message, hint] = report.lines.map((line) => line.replace(/^\S+ /, ""));
  return { name, ok: false, detail: message ?? "failed", ...(hint ? { remedy: hint } : {}) };
}

/**
 * Checks the setup with two reads: the ServiceProviderConfig (is SCIM served at this URL, in this version?)
 * and one user (`count=1`: does Slack accept the token, how many users, which version answers). Slack serves
 * the ServiceProviderConfig without checking the token, so the token is judged by the second read.
 */
export async function diagnose(ctx: CommandContext): Promise<Diagnosis> {
  const { settings } = ctx;
  const version = settings.scimVersion === 1 ? "1.1" : "2.0";
  const checks: Check[] = [
    {
      name: "base URL",
      ok: undefined,
      detail: `${settings.baseUrl} (SCIM ${version}, from ${settings.versionFrom})`,
    },
  ];
  const client = await ctx.client();
  let serviceOk = false;
  try {
    const config = await client.getServiceProviderConfig({ signal: ctx.signal });
    const body = (config.body ?? {}) as Record<string, { supported?: boolean } | undefined>;
    const features = ["patch", "bulk", "filter", "sort", "etag"]
      .map((name) => `${name} ${body[name]?.supported ? "yes" : "no"}`)
      .join(", ");
    checks.push({ name: "service", ok: true, detail: `ServiceProviderConfig read: ${features}` });
    serviceOk = true;
  } catch (error) {
    if (ctx.signal.aborted) throw error;
    checks.push(failed("service", describeError(error, ctx.err, "doctor")));
  }
  let users: number | undefined;
  if (!serviceOk)
    checks.push({ name: "token", ok: undefined, detail: `from ${ctx.tokenSource} (not checked)` });
  else {
    try {
      const page = await client.searchUsers({ count: 1, signal: ctx.signal });
      const spoken = spokenVersion(page.body);
      if (spoken && spoken !== settings.scimVersion) {
        const other = spoken === 1 ? "1.1" : "2.0";
        checks.push({
          name: "version",
          ok: false,
          detail: `this URL answers in SCIM ${other}, but the CLI speaks SCIM ${version}`,
          remedy: `pass --scim-version ${spoken}, or use a base URL ending in /scim/v${settings.scimVersion}/`,
        });
      } else {
        users = page.totalResults;
        checks.push({ name: "token", ok: true, detail: `accepted (from ${ctx.tokenSource})` });
        checks.push({ name: "users", ok: true, detail: `${formatCount(users)} in the org` });
      }
    } catch (error) {
      if (ctx.signal.aborted) throw error;
      checks.push(failed("token", describeError(error, ctx.err, "doctor")));
    }
  }
  checks.push({ name: "rate limit", ok: undefined, detail: budgetOf(settings.rateLimit) });
  return {
    baseUrl: settings.baseUrl,
    scimVersion: version,
    versionFrom: settings.versionFrom,
    tokenFrom: ctx.tokenSource,
    users,
    rateLimit: settings.rateLimit,
    checks,
    ok: checks.every((check) => check.ok !== false),
  };
}
