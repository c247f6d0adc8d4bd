import { type Command, Option } from "@commander-js/extra-typings";
import { UsageError } from "./errors.js";

/** Output formats. */
export const formats = ["table", "json", "ndjson", "csv"] as const;

/** One of {@link formats}. */
export type Format = (typeof formats)[number];

/** How much goes to stderr besides errors. */
export type Verbosity = "quiet" | "normal" | "verbose";

/** The global options as typed on the command line (all optional). */
export interface GlobalOptionValues {
  /** `--token`: the token itself. */
  token?: string | undefined;
  /** `--token-file`: a file holding the token. */
  tokenFile?: string | undefined;
  /** `--base-url`: the SCIM API's base URL. */
  baseUrl?: string | undefined;
  /** `--scim-version`: `"1"` or `"2"`. */
  scimVersion?: string | undefined;
  /** `--format`: one of {@link formats}. */
  format?: string | undefined;
  /** `--rate-limit`: `"slack"` or `"off"`. */
  rateLimit?: string | undefined;
  /** `--verbose`: log every request. */
  verbose?: boolean | undefined;
  /** `--quiet`: errors only. */
  quiet?: boolean | undefined;
  /** `false` after `--no-color`. */
  color?: boolean | undefined;
}

/** The global options once checked, with defaults filled in. */
export interface Settings {
  /** Base URL of the SCIM API, ending in `/`. */
  readonly baseUrl: string;
  /** SCIM version spoken: 1 (1.1) or 2 (2.0). */
  readonly scimVersion: 1 | 2;
  /** How the version was chosen. */
  readonly versionFrom: "--scim-version" | "the base URL" | "the default";
  /** `--format`, when given. */
  readonly format: Format | undefined;
  /** Client-side pacing: Slack's published limits, or none. */
  readonly rateLimit: "slack" | "off";
  /** `--quiet`, `--verbose`, or neither. */
  readonly verbosity: Verbosity;
  /** `false` after `--no-color`. */
  readonly color: boolean;
  /** `--token` and `--token-file`, resolved when a command needs the API. */
  readonly token: string | undefined;
  /** `--token-file`. */
  readonly tokenFile: string | undefined;
}

/** Slack's SCIM base URL for each version. */
export const slackBaseUrls = {
  1: "https://api.slack.com/scim/v1/",
  2: "https://api.slack.com/scim/v2/",
} as const;

/** Long names of the global options, as commander stores them. */
const globalKeys = [
  "token",
  "tokenFile",
  "baseUrl",
  "scimVersion",
  "format",
  "rateLimit",
  "verbose",
  "quiet",
  "color",
] as const;

/** Adds the global options to `command` (the program and every command that calls the API). */
export function addGlobalOptions(command: Command<unknown[], Record<string, unknown>>): void {
  command
    .addOption(new Option("--token-file <file>", "read the token from FILE"))
    .addOption(
      new Option(
        "--token <token>",
        "the token itself (warns: it lands in shell history; prefer the env vars)",
      ),
    )
    .addOption(new Option("--base-url <url>", "SCIM base URL (env SLACK_SCIM_BASE_URL; default Slack's)"))
    .addOption(
      new Option(
        "--scim-version <version>",
        "SCIM version: 1 (1.1) or 2 (2.0); default from the URL, else 2",
      ).choices(["1", "2"]),
    )
    .addOption(
      new Option(
        "--format <format>",
        "output: table on a terminal, ndjson (lists) or json when piped",
      ).choices(formats),
    )
    .addOption(
      new Option("--rate-limit <mode>", "slack: stay under Slack's published limits (default); off").choices([
        "slack",
        "off",
      ]),
    )
    .addOption(new Option("--verbose", "log every request and response to stderr (never the token)"))
    .addOption(new Option("-q, --quiet", "errors only on stderr: no progress, no confirmations"))
    .addOption(new Option("--no-color", "no colour (also NO_COLOR=1)"));
}

/**
 * The global options given on the command line, from the command up to the program: the nearest command
 * where the user typed an option wins (defaults are never taken from commander, so an option typed before the
 * command name is not hidden by the command's own default).
 */
export function globalValuesOf(command: Command<unknown[], Record<string, unknown>>): GlobalOptionValues {
  const values: Record<string, unknown> = {};
  for (let c: typeof command | null = command; c; c = c.parent as typeof command | null) {
    for (const key of globalKeys) {
      if (key in values) continue;
      const source = c.getOptionValueSource(key);
      if (source === "cli" || source === "env") values[key] = c.getOptionValue(key);
    }
  }
  return values as GlobalOptionValues;
}

const versionInPath = /\/scim\/v([12])\/?$/;

/** Resolves base URL, SCIM version and the rest; `warn` receives non-fatal advice. */
export function resolveSettings(
  values: GlobalOptionValues,
  env: Readonly<Record<string, string | undefined>>,
  warn: (message: string) => void,
): Settings {
  if (values.verbose && values.quiet) throw new UsageError("--verbose and --quiet cannot be used together");
  const flagVersion = values.scimVersion === undefined ? undefined : (Number(values.scimVersion) as 1 | 2);
  const rawUrl = values.baseUrl ?? (env["SLACK_SCIM_BASE_URL"] || undefined);
  const urlFrom = values.baseUrl === undefined ? "SLACK_SCIM_BASE_URL" : "--base-url";
  let baseUrl: string;
  let scimVersion: 1 | 2;
  let versionFrom: Settings["versionFrom"];
  if (rawUrl === undefined) {
    scimVersion = flagVersion ?? 2;
    versionFrom = flagVersion ? "--scim-version" : "the default";
    baseUrl = slackBaseUrls[scimVersion];
  } else {
    let url: URL;
    try {
      url = new URL(rawUrl);
    } catch {
      throw new UsageError(
        `${urlFrom} is not a URL: ${rawUrl}`,
        `use a base URL such as ${slackBaseUrls[2]}`,
      );
    }
    if (url.protocol !== "https:" && url.protocol !== "http:") {
      throw new UsageError(`${urlFrom} must be an http(s) URL: ${rawUrl}`);
    }
    if (url.search || url.hash)
      throw new UsageError(`${urlFrom} must not have a query or fragment: ${rawUrl}`);
    baseUrl = url.href.endsWith("/") ? url.href : `${url.href}/`;
    const match = versionInPath.exec(url.pathname);
    const urlVersion = match ? (Number(match[1]) as 1 | 2) : undefined;
    if (flagVersion && urlVersion && flagVersion !== urlVersion) {
      const other = baseUrl.replace(/\/scim\/v[12]\/$/, `/scim/v${flagVersion}/`);
      throw new UsageError(
        `--scim-version ${flagVersion} does not match ${urlFrom} ${baseUrl}, which is the SCIM ${urlVersion === 1 ? "1.1" : "2.0"} API`,
        `drop --scim-version (the URL decides), or use --base-url ${other} for SCIM ${flagVersion === 1 ? "1.1" : "2.0"}`,
      );
    }
    scimVersion = flagVersion ?? urlVersion ?? 2;
    versionFrom = flagVersion ? "--scim-version" : urlVersion ? "the base URL" : "the default";
    if (!urlVersion && !flagVersion) {
      warn(
        `${urlFrom} ${baseUrl} does not end in /scim/v1/ or /scim/v2/; speaking SCIM 2.0 (pass --scim-version 1 for 1.1)`,
      );
    }
  }
  return {
    baseUrl,
    scimVersion,
    versionFrom,
    format: values.format as Format | undefined,
    rateLimit: values.rateLimit === "off" ? "off" : "slack",
    verbosity: values.quiet ? "quiet" : values.verbose ? "verbose" : "normal",
    color: values.color !== false,
    token: values.token,
    tokenFile: values.tokenFile,
  };
}
