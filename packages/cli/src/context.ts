import type { LogLevel, SCIM2Client, SCIMClient, SCIMClientOptions } from "slack-scim";
import type { Format, Settings } from "./global-options.js";
import type { CliIO } from "./io.js";
import { type Progress, ProgressBar, SilentProgress } from "./output/progress.js";
import { type Sink, stdoutSink } from "./output/sink.js";
import { type Terminal, terminalOf } from "./output/terminal.js";
import type { Redactor } from "./redact.js";
import { type ResolvedToken, resolveToken } from "./token.js";
import { cliVersion } from "./version.js";

/** A client of either SCIM version: the methods the commands call exist on both. */
export type AnyClient = SCIMClient | SCIM2Client;

/** Why a command was asked to stop early. */
export type StopReason = "interrupt" | "closed-pipe";

/** The reason an aborted call rejects with: Ctrl-C, or stdout's reader went away. */
export class Stopped extends Error {
  override name = "Stopped";
  /** What stopped the command. */
  readonly reason: StopReason;

  constructor(reason: StopReason) {
    super(reason === "interrupt" ? "interrupted" : "stdout was closed");
    this.reason = reason;
  }
}

/**
 * What a command runs with: the checked global options, the two terminals, a redacting writer for each
 * stream, the stop signal (Ctrl-C, closed stdout), and the client, made on first use.
 */
export class CommandContext {
  /** The process's streams and environment. */
  readonly io: CliIO;
  /** The checked global options. */
  readonly settings: Settings;
  /** How stdout behaves (tables and colour, or plain data). */
  readonly out: Terminal;
  /** How stderr behaves (colour and progress, or plain lines). */
  readonly err: Terminal;
  /** Directory relative file names are resolved against. */
  readonly cwd: string;
  /** Data on stdout. */
  readonly stdout: Sink;
  /** Removes secrets from everything printed. */
  readonly redactor: Redactor;
  readonly #stop = new AbortController();
  #bar: ProgressBar | undefined;
  #client: Promise<AnyClient> | undefined;
  #token: ResolvedToken | undefined;
  readonly #onSignal = () => {
    this.info("interrupted: finishing the calls in flight (Ctrl-C again to quit at once)");
    this.stop("interrupt");
  };

  constructor(io: CliIO, settings: Settings, redactor: Redactor) {
    this.io = io;
    this.settings = settings;
    this.redactor = redactor;
    this.cwd = io.cwd ?? process.cwd();
    const terminal = { env: io.env, color: settings.color };
    this.out = terminalOf(io.stdout, terminal);
    this.err = terminalOf(io.stderr, terminal);
    const sharedScreen = this.out.isTTY && this.err.isTTY;
    this.stdout = stdoutSink(
      io.stdout,
      () => this.stop("closed-pipe"),
      sharedScreen ? { before: () => this.#bar?.clear(), after: () => this.#bar?.redraw() } : undefined,
    );
    // Once: a second Ctrl-C finds no listener and ends the process the default way.
    io.signals?.once("SIGINT", this.#onSignal);
  }

  /** Aborted on Ctrl-C or when stdout's reader goes away; reads pass it, writes check it between calls. */
  get signal(): AbortSignal {
    return this.#stop.signal;
  }

  /** Why the command was stopped, if it was. */
  get stopReason(): StopReason | undefined {
    return this.#stop.signal.aborted ? (this.#stop.signal.reason as Stopped).reason : undefined;
  }

  /** Stops the command: reads in flight are aborted, no new call starts. */
  stop(reason: StopReason): void {
    if (!this.#stop.signal.aborted) this.#stop.abort(new Stopped(reason));
  }

  /** Writes one line to stderr, around the progress bar, with secrets removed. */
  writeErr(line: string): void {
    this.#bar?.clear();
    this.io.stderr.write(this.redactor.apply(`${line}\n`));
    this.#bar?.redraw();
  }

  /** Whether lines for people are printed: not with `--quiet`, nor after stdout's reader went away (`| head`). */
  get #chatty(): boolean {
    return this.settings.verbosity !== "quiet" && this.stopReason !== "closed-pipe";
  }

  /** A line for people (skipped with `--quiet` and after a closed pipe). */
  info(message: string): void {
    if (this.#chatty) this.writeErr(message);
  }

  /** A success line with a tick (skipped with `--quiet` and after a closed pipe). */
  success(message: string): void {
    if (this.#chatty) this.writeErr(`${this.err.paint("green", "✓")} ${message}`);
  }

  /** A warning (skipped with `--quiet`). */
  warn(message: string): void {
    if (this.settings.verbosity !== "quiet")
      this.writeErr(`${this.err.paint("yellow", "warning:")} ${message}`);
  }

  /** The format for a list: `--format`, else a table on a terminal and NDJSON in a pipe. */
  listFormat(): Format {
    return this.settings.format ?? (this.out.isTTY ? "table" : "ndjson");
  }

  /** The format for one resource: `--format`, else a table on a terminal and JSON in a pipe. */
  itemFormat(): Format {
    return this.settings.format ?? (this.out.isTTY ? "table" : "json");
  }

  /**
   * A progress bar on stderr for long work, or a silent counter when stderr is not a terminal or with
   * `--quiet`. Call `done()` before printing the summary.
   */
  progress(label: string, total?: number): Progress {
    if (!this.err.isTTY || this.settings.verbosity === "quiet") return new SilentProgress();
    this.#bar?.done();
    const bar = new ProgressBar((text) => this.io.stderr.write(text), this.err, label, {
      ...(total === undefined ? {} : { total }),
      onDone: () => {
        if (this.#bar === bar) this.#bar = undefined;
      },
    });
    this.#bar = bar;
    return bar;
  }

  /** Where the token came from (after {@link CommandContext.client}). */
  get tokenSource(): string | undefined {
    return this.#token?.source;
  }

  /** The SCIM client for the global options, made on first call (loads the client library then). */
  client(): Promise<AnyClient> {
    this.#client ??= this.#createClient();
    return this.#client;
  }

  async #createClient(): Promise<AnyClient> {
    const { settings } = this;
    this.#token = await resolveToken(
      { token: settings.token, tokenFile: settings.tokenFile },
      this.io.env,
      this.cwd,
      (message) => this.warn(message),
    );
    this.redactor.add(this.#token.token);
    const [{ SCIMClient, SCIM2Client }, { StderrLogger }] = await Promise.all([
      import("slack-scim"),
      import("./logger.js"),
    ]);
    const level: LogLevel =
      settings.verbosity === "verbose" ? "debug" : settings.verbosity === "quiet" ? "error" : "warn";
    const options: SCIMClientOptions = {
      baseUrl: settings.baseUrl,
      logger: new StderrLogger((line) => this.writeErr(this.err.paint("dim", line)), level),
      logLevel: level,
      rateLimit: settings.rateLimit === "slack" ? "slack" : false,
      userAgentPrefix: `slack-scim-cli/${cliVersion}`,
    };
    return settings.scimVersion === 1
      ? new SCIMClient(this.#token.token, options)
      : new SCIM2Client(this.#token.token, options);
  }

  /** Releases the client's connections and the Ctrl-C handler. */
  async close(): Promise<void> {
    this.#bar?.done();
    this.io.signals?.off("SIGINT", this.#onSignal);
    const client = await this.#client?.catch(() => undefined);
    await client?.close();
  }
}
