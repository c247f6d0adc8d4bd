import { defineCommand } from "../command.js";

/** `slack-scim demo`: the provisioning round trip of `npm run demo`, against an emulator started in process. */
export const demo = defineCommand({
  path: ["demo"],
  summary: "run a provisioning round trip against a local emulator (what `npm run demo` shows)",
  description:
    "Starts an emulator on a free port, creates, patches, replaces, groups and deactivates users over SCIM 1.1 and 2.0, prints each step, and stops. Needs no token.",
  examples: ["slack-scim demo"],
  globalOptions: false,
  configure: (command) => command,
  async run(ctx) {
    const { runDemo } = await import("slack-scim-emulator");
    const started = performance.now();
    await runDemo({ write: (line) => void ctx.stdout.write(`${line}\n`) });
    await ctx.stdout.write(`\nDone in ${Math.round(performance.now() - started)} ms.\n`);
    return undefined;
  },
});
