/**
 * An error a route handler throws to answer with a Slack error. One function, `errorResponse`, turns it
 * into the version's body.
 */
export class EmulatorHTTPError extends Error {
  /** HTTP status of the answer. */
  readonly status: number;
  /** Slack's error code (first token of the description), e.g. `username_taken`. */
  readonly code: string;
  /** Full description as Slack writes it, e.g. `username_taken (username=ada)`. */
  readonly description: string;
  /** Extra response headers (e.g. `Retry-After`). */
  readonly headers: Readonly<Record<string, string>>;
  /** Body style override: `legacy` asks for the 1.1 `Errors` shape on 2.0 under style `"mixed"` (auth errors). */
  readonly legacy: boolean;

  constructor(
    status: number,
    code: string,
    options: { suffix?: string; headers?: Record<string, string>; legacy?: boolean; message?: string } = {},
  ) {
    const description = options.message ?? (options.suffix ? `${code} (${options.suffix})` : code);
    super(description);
    this.name = "EmulatorHTTPError";
    this.status = status;
    this.code = code;
    this.description = description;
    this.headers = options.headers ?? {};
    this.legacy = options.legacy ?? false;
  }
}

/** Shorthand for a 400 with Slack's code. */
export function badRequest(code: string, suffix?: string): EmulatorHTTPError {
  return suffix === undefined
    ? new EmulatorHTTPError(400, code)
    : new EmulatorHTTPError(400, code, { suffix });
}

/** The message Slack sends (2.0, observed) when a request would leave two primaries in one attribute. */
export const multiplePrimaryMessage = "Multi-valued attributes can not have more than one primary element";

/** A 400 for a second primary value, with Slack's observed sentence as the description. */
export function multiplePrimaryError(): EmulatorHTTPError {
  return new EmulatorHTTPError(400, "invalid_attribute_format", { message: multiplePrimaryMessage });
}

/** A 400 whose description is Slack's code with a `(user=…)` suffix. */
export function userError(code: string, userName: string): EmulatorHTTPError {
  return badRequest(code, `user=${userName}`);
}
