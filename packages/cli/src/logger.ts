import { format } from "node:util";
import type { Logger, LogLevel } from "slack-scim";

const severity = { debug: 0, info: 1, warn: 2, error: 3 } as const;

/**
 * The client's logger: one line per message on stderr (through the command's redacting writer), prefixed
 * with its level. `--verbose` shows `debug` (one line per request and response), the default `warn`.
 */
export class StderrLogger implements Logger {
  readonly #write: (line: string) => void;
  #level: LogLevel;
  #name = "slack-scim";

  constructor(write: (line: string) => void, level: LogLevel) {
    this.#write = write;
    this.#level = level;
  }

  debug(...msg: unknown[]): void {
    this.#log("debug", msg);
  }

  info(...msg: unknown[]): void {
    this.#log("info", msg);
  }

  warn(...msg: unknown[]): void {
    this.#log("warn", msg);
  }

  error(...msg: unknown[]): void {
    this.#log("error", msg);
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

  #log(level: keyof typeof severity, msg: unknown[]): void {
    if (severity[level] < severity[this.#level]) return;
    this.#write(`[${level}] ${this.#name}: ${format(...msg)}`);
  }
}
