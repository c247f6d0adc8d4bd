import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { UsageError } from "./errors.js";

/** Where the token came from, for `whoami` and error messages. Never the token itself. */
export type TokenSource = "--token-file" | "--token" | "SLACK_SCIM_TOKEN" | "SLACK_ORG_ADMIN_USER_TOKEN";

/** A token and where it came from. */
export interface ResolvedToken {
  /** The token: never printed. */
  readonly token: string;
  /** Where it came from. */
  readonly source: TokenSource;
}

/** The token options of the command line. */
export interface TokenOptions {
  /** `--token`. */
  token?: string | undefined;
  /** `--token-file`. */
  tokenFile?: string | undefined;
}

const setUp =
  "set SLACK_SCIM_TOKEN to an org admin user token (xoxp-…) with the admin scope, or pass --token-file FILE";

/**
 * Finds the token: `--token-file`, else `--token` (with a warning: it lands in shell history and the process
 * list), else `SLACK_SCIM_TOKEN`, else `SLACK_ORG_ADMIN_USER_TOKEN`. Surrounding whitespace is trimmed.
 *
 * @throws {@link UsageError} when there is none, the file cannot be read, or both flags are given.
 */
export async function resolveToken(
  options: TokenOptions,
  env: Readonly<Record<string, string | undefined>>,
  cwd: string,
  warn: (message: string) => void,
): Promise<ResolvedToken> {
  if (options.token !== undefined && options.tokenFile !== undefined) {
    throw new UsageError("--token and --token-file cannot be used together", setUp);
  }
  if (options.tokenFile !== undefined) {
    let text: string;
    try {
      text = await readFile(resolve(cwd, options.tokenFile), "utf8");
    } catch (error) {
      const code = (error as { code?: string }).code ?? (error as Error).message;
      throw new UsageError(`cannot read --token-file ${options.tokenFile}: ${code}`, setUp);
    }
    return checked(text, "--token-file", `--token-file ${options.tokenFile} is empty`);
  }
  if (options.token !== undefined) {
    warn(
      "--token puts the token in your shell history and the process list; prefer SLACK_SCIM_TOKEN or --token-file",
    );
    return checked(options.token, "--token", "--token is empty");
  }
  for (const name of ["SLACK_SCIM_TOKEN", "SLACK_ORG_ADMIN_USER_TOKEN"] as const) {
    const value = env[name];
    if (value !== undefined && value.trim() !== "") return checked(value, name, "");
  }
  throw new UsageError(
    "no token: SLACK_SCIM_TOKEN, SLACK_ORG_ADMIN_USER_TOKEN and --token-file are all unset",
    setUp,
  );
}

function checked(raw: string, source: TokenSource, emptyMessage: string): ResolvedToken {
  const token = raw.trim();
  if (token === "") throw new UsageError(emptyMessage, setUp);
  if (/\s/.test(token)) {
    // The message must not quote the token, even in part.
    throw new UsageError(`the token from ${source} contains whitespace`, setUp);
  }
  return { token, source };
}
