import { definePassThroughCommand } from "../command.js";
import type { CliIO, SignalSource } from "../io.js";

const summary = "start a local Slack SCIM emulator (same flags as slack-scim-emulator)";
const examples = ["slack-scim emulator --port 8787 --seed-users 200 --seed-groups 10"];

/**
 * `slack-scim emulator [flags]`: runs `slack-scim-emulator`'s own command with the same flags, until Ctrl-C.
 * Exit codes are that command's: 0 stopped, 1 could not start, 2 bad flag.
 */
export const emulatorCommand = definePassThroughCommand({
  path: ["emulator"],
  summary,
  examples,
  async run(io: CliIO, argv: readonly string[]) {
    // Listening before anything loads: a Ctrl-C while the server starts stops it once it is up.
    const { SignalRelay } = await import("../signal-relay.js");
    const relay = io.signals ? new SignalRelay(io.signals) : undefined;
    try {
      return await serve(io, argv, relay);
    } finally {
      relay?.close();
    }
  },
});

async function serve(io: CliIO, argv: readonly string[], signals: SignalSource | undefined): Promise<number> {
  const { emulatorUsage, runServer } = await import("slack-scim-emulator");
  if (argv.includes("-h") || argv.includes("--help")) {
    const flags = emulatorUsage.split("\n").slice(1).join("\n");
    io.stdout.write(
      "Usage: slack-scim emulator [flags]\n\n" +
        "Starts a local fake of Slack's SCIM API (1.1 and 2.0 over one org) on 127.0.0.1 until Ctrl-C, and\n" +
        "prints its base URLs and the token it accepts. The flags are slack-scim-emulator's:\n" +
        `${flags}\nExamples:\n${examples.map((e) => `  $ ${e}`).join("\n")}\n`,
    );
    return 0;
  }
  const server = await runServer(argv, {
    stdout: io.stdout,
    stderr: io.stderr,
    ...(signals ? { signals } : {}),
  });
  return server.done;
}
