import { parseArgs } from "node:util";
import { type StartedEmulator, startEmulator } from "./emulator.js";
import type { ListenOptions } from "./node.js";
import type { EmulatorOptions } from "./options.js";

/** The `slack-scim-emulator --help` text. */
export const usage = `Usage: slack-scim-emulator [options]

  --port N            port to listen on (default 8787; 0 picks a free one)
  --host H            interface to bind (default 127.0.0.1)
  --file PATH         keep the org in PATH (created if missing) instead of memory
  --seed-users N      generate N users when the org is empty
  --seed-groups N     generate N groups when the org is empty
  --seed N            random seed of the generated org (default 1)
  --rate-limits MODE  slack | off (default off)
  --token T           accepted admin token (default xoxp-slack-scim-emulator)
  -h, --help          this text
`;

/** Where the command writes, and where the signals that stop it come from. */
export interface ServerIO {
  /** Receives the base URLs, the token and the stop line. */
  stdout: { write(text: string): unknown };
  /** Receives usage errors and start failures. */
  stderr: { write(text: string): unknown };
  /**
   * The server stops on the first `SIGINT` or `SIGTERM` this emits (the bin passes `process`). Without it, only
   * {@link ServerHandle.close} stops the server.
   */
  signals?: {
    once(event: "SIGINT" | "SIGTERM", listener: () => void): unknown;
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

function integer(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new TypeError(`--${name} must be a non-negative integer`);
  return n;
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    strict: true,
    options: {
      port: { type: "string" },
      host: { type: "string" },
      file: { type: "string" },
      "seed-users": { type: "string" },
      "seed-groups": { type: "string" },
      seed: { type: "string" },
      "rate-limits": { type: "string" },
      token: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
}

/** The emulator options the command line asks for; throws `TypeError` (a usage error) for a bad value. */
function optionsFromArgs(argv: readonly string[]): (EmulatorOptions & ListenOptions) | "help" {
  const { values } = parse(argv);
  if (values.help) return "help";
  const options: EmulatorOptions & ListenOptions = { port: integer(values.port, "port") ?? 8787 };
  if (values.host) options.host = values.host;
  if (values.file) options.storage = { file: values.file };
  const users = integer(values["seed-users"], "seed-users");
  const groups = integer(values["seed-groups"], "seed-groups");
  const random = integer(values.seed, "seed");
  if (users !== undefined || groups !== undefined) {
    options.seed = { users: users ?? 0, groups: groups ?? 0, random: random ?? 1 };
  }
  const mode = values["rate-limits"] ?? "off";
  if (mode !== "slack" && mode !== "off") throw new TypeError("--rate-limits must be slack or off");
  options.rateLimits = mode;
  if (values.token) options.token = values.token;
  return options;
}

const finished = (code: number): ServerHandle => ({
  emulator: undefined,
  done: Promise.resolve(code),
  close: () => Promise.resolve(code),
});

/**
 * `slack-scim-emulator [options]`: starts an emulator, prints its base URLs and token, and serves until a signal
 * or {@link ServerHandle.close}. Exit codes: 0 stopped cleanly or `--help`, 1 the server could not start (port in
 * use, unreadable storage file), 2 usage error. Never rejects.
 *
 * @example
 * ```ts
 * const handle = await runServer(["--port", "0"], { stdout: process.stdout, stderr: process.stderr });
 * await handle.close(); // 0
 * ```
 */
export async function runServer(argv: readonly string[], io: ServerIO): Promise<ServerHandle> {
  let options: ReturnType<typeof optionsFromArgs>;
  try {
    options = optionsFromArgs(argv);
  } catch (error) {
    io.stderr.write(`${(error as Error).message}\n\n${usage}`);
    return finished(2);
  }
  if (options === "help") {
    io.stdout.write(usage);
    return finished(0);
  }
  let emulator: StartedEmulator;
  try {
    emulator = await startEmulator(options);
  } catch (error) {
    io.stderr.write(`slack-scim-emulator: ${(error as Error).message}\n`);
    return finished(1);
  }
  io.stdout.write(
    `slack-scim-emulator listening\n  SCIM 1.1: ${emulator.v1BaseUrl}\n  SCIM 2.0: ${emulator.v2BaseUrl}\n` +
      `  token:    ${emulator.adminToken}\n  users:    ${emulator.store.userCount}, groups: ${emulator.store.groupCount}\n`,
  );
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
  return { emulator, done, close };
}
