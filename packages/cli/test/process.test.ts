import { spawn } from "node:child_process";
import { readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cliVersion } from "../src/version.js";
import { expectNoSecret, ndjson, secret, startOrg, tempDir } from "./helpers/cli.js";
import { binPath, spawnCli, waitFor } from "./helpers/spawn.js";

// The bin as a separate process: what a pipe, a terminal, a closed pipe and Ctrl-C do to a real process.
describe("the slack-scim process", () => {
  it("prints its version", async () => {
    const run = spawnCli(["--version"]);
    expect(await run.exited).toEqual({ code: 0, signal: null });
    expect(run.stdout()).toBe(`${cliVersion}\n`);
  });

  it("piped: NDJSON on stdout, nothing on stderr, no colour, exit 0", async () => {
    const org = await startOrg({ seed: { users: 1200, groups: 0 } });
    const run = spawnCli(["users", "list"], { SLACK_SCIM_TOKEN: secret, SLACK_SCIM_BASE_URL: org.v2BaseUrl });
    expect((await run.exited).code).toBe(0);
    expect(ndjson(run.stdout())).toHaveLength(1200);
    expect(run.stdout()).not.toContain("\u001b[");
    expect(run.stderr()).toBe("");
  });

  it("on a terminal: a coloured table on stdout and a progress bar on stderr", async () => {
    const org = await startOrg({ seed: { users: 1200, groups: 0 } });
    const run = spawnCli(["users", "list", "--fields", "userName,active"], {
      SLACK_SCIM_TOKEN: secret,
      SLACK_SCIM_BASE_URL: org.v2BaseUrl,
      SLACK_SCIM_FORCE_TTY: "1",
      COLUMNS: "100",
    });
    expect((await run.exited).code).toBe(0);
    const lines = run.stdout().trimEnd().split("\n");
    const bold = (text: string) => `\u001b[1m${text}\u001b[22m`;
    const width = Math.max(...lines.slice(1).map((line) => line.indexOf(" ")));
    expect(lines[0]).toBe(`${bold("userName".padEnd(width))}  ${bold("active")}`);
    expect(lines).toHaveLength(1201);
    expect(run.stderr()).toContain("\r\u001b[2K");
    expect(run.stderr()).toMatch(/listing users ▕█+▏ 1,200\/1,200 100% [\d,]+\/s ETA 0:00/);
  });

  it("ends quietly with exit 0 when the reader closes the pipe (| head)", async () => {
    const org = await startOrg({ seed: { users: 3000, groups: 0 } });
    const child = spawn(
      "bash",
      [
        "--norc",
        "--noprofile",
        "-c",
        `"$0" "$1" export users | head -n 2; echo "exit:\${PIPESTATUS[0]}" >&2`,
        process.execPath,
        binPath,
      ],
      {
        stdio: ["ignore", "pipe", "pipe"],
        env: {
          PATH: process.env["PATH"] ?? "",
          SLACK_SCIM_TOKEN: secret,
          SLACK_SCIM_BASE_URL: org.v2BaseUrl,
        },
      },
    );
    let out = "";
    let err = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      out += chunk;
    });
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      err += chunk;
    });
    const code = await new Promise((resolve) => child.once("close", resolve));
    expectNoSecret(out, err);
    expect(code).toBe(0);
    expect(ndjson(out)).toHaveLength(2);
    expect(err).toBe("exit:0\n");
  });

  it("ends quietly when the reader of --help has gone away before it writes", async () => {
    // `true` exits without reading: the help is written into a pipe nobody reads (EPIPE).
    const child = spawn(
      "bash",
      [
        "--norc",
        "--noprofile",
        "-c",
        `"$0" "$1" --help | true; echo "exit:\${PIPESTATUS[0]}" >&2`,
        process.execPath,
        binPath,
      ],
      { stdio: ["ignore", "pipe", "pipe"], env: { PATH: process.env["PATH"] ?? "" } },
    );
    let out = "";
    let err = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      out += chunk;
    });
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      err += chunk;
    });
    await new Promise((resolve) => child.once("close", resolve));
    expect(out).toBe("");
    expect(err).toBe("exit:0\n");
  });

  it("stops on Ctrl-C during an export: exit 130, says how far it got, the file stays readable", async () => {
    const org = await startOrg({ seed: { users: 4000, groups: 0 } });
    org.faults.push({ match: "GET /Users", latencyMs: 300, times: Number.POSITIVE_INFINITY });
    const cwd = await tempDir();
    const file = join(cwd, "users.csv");
    const run = spawnCli(["export", "users", "--out", file], {
      SLACK_SCIM_TOKEN: secret,
      SLACK_SCIM_BASE_URL: org.v2BaseUrl,
    });
    for (let i = 0; i < 1000 && !(await stat(file).catch(() => undefined))?.size; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    run.child.kill("SIGINT");
    expect((await run.exited).code).toBe(130);
    const rows = (await readFile(file, "utf8")).trim().split("\n");
    expect(rows[0]).toMatch(/^id,userName,/);
    expect(rows.length - 1).toBeGreaterThan(0);
    expect(rows.length - 1).toBeLessThan(4000);
    expect(run.stderr()).toContain("interrupted: finishing the calls in flight");
    expect(run.stderr()).toContain(
      `interrupted: exported ${(rows.length - 1).toLocaleString("en-US")} users to ${file} (incomplete, but readable)`,
    );
  });

  it("a bad flag exits 2 with usage; a bad token exits 1 with the remedy", async () => {
    const flag = spawnCli(["users", "list", "--nope"]);
    expect((await flag.exited).code).toBe(2);
    expect(flag.stderr()).toContain("error: unknown option '--nope'");
    expect(flag.stderr()).toContain("Usage: slack-scim users list [options]");
    const org = await startOrg();
    const token = spawnCli(["users", "list"], {
      SLACK_SCIM_TOKEN: "xoxp-not-accepted-here",
      SLACK_SCIM_BASE_URL: org.v2BaseUrl,
    });
    expect((await token.exited).code).toBe(1);
    expect(token.stderr()).toContain("401 invalid_authentication");
    expect(token.stderr()).toContain("hint: Slack refused the token");
    expect(token.stderr()).not.toContain("xoxp-not-accepted-here");
  });

  it("runs the emulator until Ctrl-C, and the demo", async () => {
    const emulator = spawnCli([
      "emulator",
      "--port",
      "0",
      "--seed-users",
      "3",
      "--token",
      "xoxp-from-the-flag",
    ]);
    await waitFor(emulator.stdout, /token: +xoxp-from-the-flag/);
    expect(emulator.stdout()).toMatch(/SCIM 2\.0: http:\/\/127\.0\.0\.1:\d+\/scim\/v2\//);
    expect(emulator.stdout()).toContain("users:    3, groups: 0");
    emulator.child.kill("SIGINT");
    expect((await emulator.exited).code).toBe(0);
    expect(emulator.stdout()).toContain("slack-scim-emulator stopped");
    const demo = spawnCli(["demo"]);
    expect((await demo.exited).code).toBe(0);
    expect(demo.stdout()).toContain("The org at the end, read through SCIM 2.0");
  });
});
