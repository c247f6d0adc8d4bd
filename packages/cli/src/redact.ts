/** Replaces every secret it was told about with `[redacted]` in text about to be printed. */
export class Redactor {
  readonly #secrets: string[] = [];

  /** Adds a secret; strings shorter than 8 characters are ignored (too likely to occur in normal text). */
  add(secret: string | undefined): void {
    if (secret && secret.length >= 8 && !this.#secrets.includes(secret)) this.#secrets.push(secret);
  }

  /** `text` with every secret replaced. */
  apply(text: string): string {
    let out = text;
    for (const secret of this.#secrets) if (out.includes(secret)) out = out.replaceAll(secret, "[redacted]");
    return out;
  }
}

/**
 * The secrets a command line may carry before anything is parsed: the token variables and the value of
 * `--token`, so that even a usage error that echoes an argument cannot print them.
 */
export function secretsOf(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): string[] {
  const found = [env["SLACK_SCIM_TOKEN"], env["SLACK_ORG_ADMIN_USER_TOKEN"]].filter(
    (value): value is string => typeof value === "string",
  );
  argv.forEach((arg, i) => {
    if (arg === "--token" && argv[i + 1] !== undefined) found.push(argv[i + 1] as string);
    else if (arg.startsWith("--token=")) found.push(arg.slice("--token=".length));
  });
  return found.map((value) => value.trim());
}
