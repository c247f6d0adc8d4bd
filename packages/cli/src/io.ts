/** A stream the command writes to: `process.stdout`, `process.stderr`, a file, or a test's collector. */
export interface OutputStream {
  /** Writes text; `false` means wait for `drain` before writing more. */
  write(chunk: string): boolean;
  /** `drain` after a full buffer, `error` when the reader went away (`EPIPE`). */
  on(event: "drain" | "error", listener: (error?: Error) => void): unknown;
  /** Removes a listener added with {@link OutputStream.on}. */
  off(event: "drain" | "error", listener: (error?: Error) => void): unknown;
  /** True when the stream is a terminal. */
  readonly isTTY?: boolean | undefined;
  /** Terminal width in characters, when it is a terminal. */
  readonly columns?: number | undefined;
}

/** Standard input: the `--from -` source and the answer to a confirmation prompt. */
export interface InputStream extends AsyncIterable<string | Uint8Array> {
  /** True when the stream is a terminal (a person can answer a prompt). */
  readonly isTTY?: boolean | undefined;
}

/** Where Ctrl-C comes from: `process` in the bin, an `EventEmitter` in tests. */
export interface SignalSource {
  /** Calls `listener` on the next `SIGINT` (or `SIGTERM`). */
  once(event: "SIGINT" | "SIGTERM", listener: () => void): unknown;
  /** Removes a listener added with {@link SignalSource.once}. */
  off(event: "SIGINT" | "SIGTERM", listener: () => void): unknown;
}

/**
 * Everything `run` touches outside itself, so tests can run the command in process: the environment, the three
 * standard streams, the working directory for relative paths, and the source of Ctrl-C.
 */
export interface CliIO {
  /** Environment variables (`process.env` in the bin). */
  env: Readonly<Record<string, string | undefined>>;
  /** Data: tables, JSON, CSV. */
  stdout: OutputStream;
  /** Diagnostics: warnings, errors, progress, confirmations. */
  stderr: OutputStream;
  /** Standard input; without it, `--from -` and prompts are refused. */
  stdin?: InputStream;
  /** Directory that relative file names are resolved against. @defaultValue `process.cwd()` */
  cwd?: string;
  /** Source of `SIGINT`/`SIGTERM`; without it, Ctrl-C is not handled by the command. */
  signals?: SignalSource;
}
