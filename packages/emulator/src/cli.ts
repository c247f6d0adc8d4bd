import { createRequire } from "node:module";
import { parseCommand } from "./cli/args.js";
import { UsageError } from "./cli/fault-spec.js";
import { usage } from "./cli/usage.js";
import { type StartedEmulator, startEmulator } from "./emulator.js";

export { usage } from "./cli/usage.js";

/** The package's version, as `--version` prints it. */
export const version: string = (createRequire(import.meta.url)("../package.json") as { version: string })
  .version;

/** Where the command writes, and where the signals that stop it come from. */
export interface ServerIO {
  /** Receives the base URLs, the token and the stop line. */
  stdout: {
    /** Writes text as given. */
    write(text: string): unknown;
  };
  /** Receives usage errors and start failures. */
  stderr: {
    /** Writes text as given. */
    write(text: string): unknown;
  };
  /**
   * The server stops on the first `SIGINT` or `SIGTERM` this emits (the bin passes `process`). Without it, only
   * {@link ServerHandle.close} stops the server.
   */
  signals?: {
    /** Calls `listener` once, on the first such signal. */
    once(event: "SIGINT" | "SIGTERM", listener: () => void): unknown;
    /** Removes a listener added with `once`. */
    off(event: "SIGINT" | "SIGTERM", listener: () => void): unknown;
  };
}

/** What {@link runServer} returns: the running emulator (if one started) and its exit code once it stops. */
export interface ServerHandle {
  /** The running emulator; `undefined` after `--help`, a usage error (exit 2) or a failed start (exit 1). */
  readonly emulator: StartedEmulator | undefined;
  /** Resolves with the process exit code once the server has stopped, at once when none started. */
  readonly done: Promise<number>;
  /** Stops the server (idempotent) and resolves with the exit code. */
  close(): Promise<number>;
}

const prefix = "slack-scim-emulator: ";

/** One error line, with the command's name once (storage errors already carry it). */
function errorLine(message: string): string {
  return `${prefix}${message.startsWith(prefix) ? message.slice(prefix.length) : message}\n`;
}

const finished = (code: number): ServerHandle => ({
  emulator: undefined,
  done: Promise.resolve(code),
  close: () => Promise.resolve(code),
});

/**
 * `slack-scim-emulator [options]`: starts an emulator, prints its base URLs and token, and serves until a signal
 * or {@link ServerHandle.close}. Exit codes: 0 stopped cleanly, `--help` or `--version`; 1 the server could not
 * start (port in use, damaged storage file); 2 usage error (one line on stderr). Never rejects.
 *
 * @example
 * ```ts
 * const handle = await runServer(["--port", "0"], { stdout: process.stdout, stderr: process.stderr });
 * await handle.close(); // 0
 * ```
 */
export async function runServer(argv: readonly string[], io: ServerIO): Promise<ServerHandle> {
  let command: ReturnType<typeof parseCommand>;
  try {
    command = parseCommand(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr.write(errorLine(`${error.message} (see --help)`));
    return finished(2);
  }
  if (command.kind === "help") {
    io.stdout.write(usage);
    return finished(0);
  }
  if (command.kind === "version") {
    io.stdout.write(`${version}\n`);
    return finished(0);
  }
  let emulator: StartedEmulator;
  try {
    emulator = await startEmulator(command.options);
  } catch (error) {
    io.stderr.write(errorLine((error as Error).message));
    return finished(1);
  }
  let resolveDone: (code: number) => void = () => {};
  const done = new Promise<number>((resolve) => {
    resolveDone = resolve;
  });
  let stopping: Promise<number> | undefined;
  const onSignal = (): void => void close();
  const close = (): Promise<number> => {
    stopping ??= (async () => {
      io.signals?.off("SIGINT", onSignal);
      io.signals?.off("SIGTERM", onSignal);
      await emulator.close();
      io.stdout.write("slack-scim-emulator stopped\n");
      resolveDone(0);
      return 0;
    })();
    return stopping;
  };
  io.signals?.once("SIGINT", onSignal);
  io.signals?.once("SIGTERM", onSignal);
  // Only now: whoever waits for this line may stop the server at once, and the handlers must be there.
  io.stdout.write(
    `slack-scim-emulator listening\n  SCIM 1.1: ${emulator.v1BaseUrl}\n  SCIM 2.0: ${emulator.v2BaseUrl}\n` +
      `  token:    ${emulator.adminToken}\n  users:    ${emulator.store.userCount}, groups: ${emulator.store.groupCount}\n`,
  );
  return { emulator, done, close };
}

/** A stream the process writes to, which may fail once its reader has gone. */
interface ProcessStream {
  write(text: string): unknown;
  on(event: "error", listener: (error: NodeJS.ErrnoException) => void): unknown;
}

/**
 * The bin's {@link ServerIO} over the process's streams. When the reader of stdout or stderr goes away
 * (`slack-scim-emulator | head -2`), later writes to it are dropped quietly (EPIPE) instead of crashing the
 * server; any other stream error is rethrown.
 */
export function processIO(
  stdout: ProcessStream,
  stderr: ProcessStream,
  signals: NonNullable<ServerIO["signals"]>,
): ServerIO {
  const quiet = (stream: ProcessStream) => {
    let gone = false;
    stream.on("error", (error) => {
      // After EPIPE the stream is destroyed: a write racing the error event fails with ERR_STREAM_DESTROYED.
      if (error.code !== "EPIPE" && error.code !== "ERR_STREAM_DESTROYED") throw error;
      gone = true;
    });
    return { write: (text: string) => (gone ? false : stream.write(text)) };
  };
  return { stdout: quiet(stdout), stderr: quiet(stderr), signals };
}
