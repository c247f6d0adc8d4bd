/**
 * Log levels, as in the Node Slack SDK (`LogLevel.DEBUG`).
 *
 * @enum
 */
export const LogLevel = Object.freeze({
  /** Errors only. */
  ERROR: "error",
  /** Adds warnings: a long `Retry-After`, a filter sent despite a problem, a create whose outcome is unknown. */
  WARN: "warn",
  /** Adds retries, rate-limit decisions and recovered creates (the default level). */
  INFO: "info",
  /** Adds one line per request and response (method, URL, status, time); never the token. */
  DEBUG: "debug",
} as const);

/** One of the values of {@link LogLevel}. */
export type LogLevel = (typeof LogLevel)[keyof typeof LogLevel];

/** The Node Slack SDK's logger shape: any `@slack/logger` instance fits. */
export interface Logger {
  /** Detailed diagnostics: one line per request and per response. */
  debug(...msg: unknown[]): void;
  /** Notable events: retries, waits. */
  info(...msg: unknown[]): void;
  /** Something looks wrong but the call goes on. */
  warn(...msg: unknown[]): void;
  /** A failure. */
  error(...msg: unknown[]): void;
  /** Sets the lowest level that is printed. */
  setLevel(level: LogLevel): void;
  /** The lowest level that is printed. */
  getLevel(): LogLevel;
  /** Sets the name printed before each line. */
  setName(name: string): void;
}

const severity: Record<LogLevel, number> = { error: 3, warn: 2, info: 1, debug: 0 };

/** True for one of {@link LogLevel}'s values. */
export function isLogLevel(value: unknown): value is LogLevel {
  return typeof value === "string" && Object.hasOwn(severity, value);
}

/** The default logger: `console`, `info` and above, each line prefixed with its level and name. */
export class ConsoleLogger implements Logger {
  #level: LogLevel = LogLevel.INFO;
  #name = "slack-scim";

  debug(...msg: unknown[]): void {
    if (this.#enabled("debug")) console.debug(this.#prefix("debug"), ...msg);
  }

  info(...msg: unknown[]): void {
    if (this.#enabled("info")) console.info(this.#prefix("info"), ...msg);
  }

  warn(...msg: unknown[]): void {
    if (this.#enabled("warn")) console.warn(this.#prefix("warn"), ...msg);
  }

  error(...msg: unknown[]): void {
    if (this.#enabled("error")) console.error(this.#prefix("error"), ...msg);
  }

  setLevel(level: LogLevel): void {
    this.#level = level;
  }

  getLevel(): LogLevel {
    return this.#level;
  }

  setName(name: string): void {
    this.#name = name;
  }

  #enabled(level: LogLevel): boolean {
    return severity[level] >= severity[this.#level];
  }

  #prefix(level: LogLevel): string {
    return `[${level.toUpperCase()}] ${this.#name}`;
  }
}
