/** Exit codes of `slack-scim`. */
export const ExitCode = Object.freeze({
  /** Everything asked for was done. */
  ok: 0,
  /** The API or the runtime failed: an HTTP error, no connection, a file that could not be written. */
  failure: 1,
  /** The command line or its input is wrong: a bad flag, a ref that matches no user, broken JSON. */
  usage: 2,
  /** Interrupted by Ctrl-C (128 + SIGINT). */
  interrupted: 130,
});

/** One of {@link ExitCode}'s values. */
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** A mistake in the command line or its input: printed with a usage hint, exit code 2. */
export class UsageError extends Error {
  override name = "UsageError";
  /** A one-line fix, printed after the message. */
  readonly hint: string | undefined;

  constructor(message: string, hint?: string) {
    super(message);
    this.hint = hint;
  }
}

/** A failure that is not the API's: a file that cannot be written, a refused confirmation. Exit code 1. */
export class CliFailure extends Error {
  override name = "CliFailure";
  /** A one-line fix, printed after the message. */
  readonly hint: string | undefined;

  constructor(message: string, hint?: string) {
    super(message);
    this.hint = hint;
  }
}
