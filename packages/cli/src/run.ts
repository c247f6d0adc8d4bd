import type { CliIO } from "./io.js";
import { Redactor, secretsOf } from "./redact.js";
import { cliVersion } from "./version.js";

/**
 * Runs `slack-scim` with `argv` (the words after the command name) and resolves with the exit code: 0 done,
 * 1 API or runtime failure, 2 usage or input error, 130 interrupted. Never rejects, never calls
 * `process.exit`: the bin sets `process.exitCode`, tests call this directly.
 *
 * @example
 * ```ts
 * const code = await run(["users", "list", "--limit", "5"], {
 *   env: process.env,
 *   stdout: process.stdout,
 *   stderr: process.stderr,
 * });
 * ```
 */
export async function run(argv: readonly string[], io: CliIO): Promise<number> {
  // A reader that goes away (`slack-scim --help | head`) ends the output, not the process with a stack trace.
  // Stays attached: the error can arrive after the last write returned.
  io.stdout.on("error", () => {});
  // `--version` alone needs neither the argument parser nor the commands: answered before loading them.
  if (argv.length === 1 && (argv[0] === "--version" || argv[0] === "-V")) {
    io.stdout.write(`${cliVersion}\n`);
    return 0;
  }
  const redactor = new Redactor();
  for (const secret of secretsOf(argv, io.env)) redactor.add(secret);
  const [{ CommanderError }, { buildProgram }, { commandGroups, commands }] = await Promise.all([
    import("@commander-js/extra-typings"),
    import("./program.js"),
    import("./registry.js"),
  ]);
  let result = 0;
  const program = buildProgram(
    io,
    redactor,
    commands,
    commandGroups,
    (code) => {
      result = code;
    },
    !argv.includes("--no-color"),
  );
  try {
    await program.parseAsync([...argv], { from: "user" });
    return result;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    io.stderr.write(redactor.apply(`error: ${(error as Error).message}\n`));
    return 1;
  }
}
