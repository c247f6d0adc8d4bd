import { CommanderError } from "@commander-js/extra-typings";
import { describe, expect, it } from "vitest";
import { defineCommand, type RegisteredCommand } from "../src/command.js";
import { buildProgram } from "../src/program.js";
import { Redactor } from "../src/redact.js";
import { Collector, secret, startOrg } from "./helpers/cli.js";

/** Runs a program made of `specs` (as the registry would list them) and returns its exit code and output. */
async function runWith(specs: RegisteredCommand[], argv: string[], env: Record<string, string> = {}) {
  const stdout = new Collector();
  const stderr = new Collector();
  let code = 0;
  const program = buildProgram(
    { env, stdout, stderr },
    new Redactor(),
    specs,
    { sync: "sync commands" },
    (c) => {
      code = c;
    },
  );
  try {
    await program.parseAsync(argv, { from: "user" });
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
    code = error.exitCode === 0 ? 0 : 2;
  }
  return { code, stdout: stdout.text, stderr: stderr.text };
}

// What a later command (`sync FILE` and `sync plan FILE`) gets from one spec each: a word can be a command and
// a group at once.
const sync = defineCommand({
  path: ["sync"],
  summary: "sync from a file",
  examples: ["slack-scim sync people.csv --dry-run"],
  configure: (command) => command.argument("<file>").option("--dry-run", "plan only"),
  async run(ctx, [file], options) {
    await ctx.stdout.write(`sync ${file} dry=${options.dryRun === true}\n`);
    return undefined;
  },
});
const syncPlan = defineCommand({
  path: ["sync", "plan"],
  summary: "plan a sync",
  examples: ["slack-scim sync plan people.csv"],
  configure: (command) => command.argument("<file>"),
  async run(ctx, [file]) {
    const client = await ctx.client();
    const { totalResults } = await client.searchUsers({ count: 1 });
    await ctx.stdout.write(`plan ${file} against ${totalResults} users\n`);
    return 3;
  },
});

describe("a command added to the registry", () => {
  it("gets its arguments, options, exit code, the client and the global options", async () => {
    const org = await startOrg({ seed: { users: 4, groups: 0 } });
    const env = { SLACK_SCIM_TOKEN: secret, SLACK_SCIM_BASE_URL: org.v2BaseUrl };
    expect(await runWith([sync, syncPlan], ["sync", "people.csv", "--dry-run"], env)).toEqual({
      code: 0,
      stdout: "sync people.csv dry=true\n",
      stderr: "",
    });
    expect(await runWith([sync, syncPlan], ["sync", "plan", "p.csv", "--format", "json"], env)).toMatchObject(
      {
        code: 3,
        stdout: "plan p.csv against 4 users\n",
      },
    );
    expect((await runWith([syncPlan, sync], ["sync", "plan", "p.csv"], {})).stderr).toContain("no token");
  });

  it("gets help listing it under its group, with its examples and the global options", async () => {
    const help = await runWith([sync, syncPlan], ["sync", "--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("sync plan <file>");
    expect(help.stdout).toContain("Global options:");
    expect(help.stdout).toContain("$ slack-scim sync people.csv --dry-run");
    const top = await runWith([sync, syncPlan], ["--help"]);
    expect(top.stdout).toMatch(/ {2}sync <file> +sync from a file/);
    expect(top.stdout).toMatch(/ {2}sync plan <file> +plan a sync/);
  });
});
