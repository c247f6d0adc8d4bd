import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { resolveSettings } from "../src/global-options.js";
import { commands } from "../src/registry.js";
import { cliVersion } from "../src/version.js";
import { cli, ndjson, secret, startOrg, tempDir } from "./helpers/cli.js";

describe("the token", () => {
  it("comes from SLACK_SCIM_TOKEN, else SLACK_ORG_ADMIN_USER_TOKEN", async () => {
    const org = await startOrg({ seed: { users: 1, groups: 0 } });
    const env = { SLACK_SCIM_BASE_URL: org.v2BaseUrl };
    expect((await cli(["users", "list"], { env: { ...env, SLACK_ORG_ADMIN_USER_TOKEN: secret } })).code).toBe(
      0,
    );
    const both = await cli(["users", "list"], {
      env: { ...env, SLACK_SCIM_TOKEN: secret, SLACK_ORG_ADMIN_USER_TOKEN: "xoxp-wrong-token-123" },
    });
    expect(both.code).toBe(0);
  });

  it("comes from --token-file (trimmed), which wins over the environment", async () => {
    const org = await startOrg({ seed: { users: 1, groups: 0 } });
    const cwd = await tempDir();
    await writeFile(join(cwd, "token"), `${secret}\n`);
    const { code, stderr } = await cli(["users", "list", "--token-file", "token"], {
      cwd,
      env: { SLACK_SCIM_BASE_URL: org.v2BaseUrl, SLACK_SCIM_TOKEN: "xoxp-wrong-token-123" },
    });
    expect(code).toBe(0);
    expect(stderr).toBe("");
  });

  it("works from --token with a warning that it lands in shell history", async () => {
    const org = await startOrg({ seed: { users: 1, groups: 0 } });
    const { code, stderr } = await cli(["users", "list", "--token", secret], {
      env: { SLACK_SCIM_BASE_URL: org.v2BaseUrl },
    });
    expect(code).toBe(0);
    expect(stderr).toContain("warning: --token puts the token in your shell history and the process list");
  });

  it("is never printed, even with --verbose logging every request", async () => {
    const org = await startOrg({ seed: { users: 2, groups: 1 } });
    const { code, stderr } = await cli(["--verbose", "users", "list", "--token", secret], {
      env: { SLACK_SCIM_BASE_URL: org.v2BaseUrl },
    });
    expect(code).toBe(0);
    expect(stderr).toMatch(/\[debug\] slack-scim: → GET http:\/\/127\.0\.0\.1:\d+\/scim\/v2\/Users/);
    // The scan in cli() fails the test if the token appears; this run printed request lines and a warning.
  });

  it("missing, empty, unreadable, or given twice is a usage error with the set-up hint (exit 2)", async () => {
    const org = await startOrg();
    const cwd = await tempDir();
    await writeFile(join(cwd, "empty"), "\n");
    const env = { SLACK_SCIM_BASE_URL: org.v2BaseUrl };
    for (const [args, message] of [
      [[], "no token: SLACK_SCIM_TOKEN, SLACK_ORG_ADMIN_USER_TOKEN and --token-file are all unset"],
      [["--token-file", "empty"], "--token-file empty is empty"],
      [["--token-file", "missing"], "cannot read --token-file missing: ENOENT"],
      [["--token-file", "empty", "--token", "x"], "--token and --token-file cannot be used together"],
      [["--token", "two words"], "contains whitespace"],
    ] as const) {
      const { code, stderr } = await cli(["users", "list", ...args], { env, cwd });
      expect(code, message).toBe(2);
      expect(stderr).toContain(message);
      expect(stderr).toContain("hint: set SLACK_SCIM_TOKEN to an org admin user token");
    }
  });
});

describe("base URL and SCIM version", () => {
  it("infers 1.1 from a /scim/v1/ URL and speaks it", async () => {
    const org = await startOrg({ seed: { users: 2, groups: 0 } });
    const { code, stdout } = await cli(["users", "list"], { org, version: 1 });
    expect(code).toBe(0);
    expect(ndjson(stdout)[0]?.["schemas"]).toEqual(["urn:scim:schemas:core:1.0"]);
  });

  it("defaults to Slack's SCIM 2.0 URL, or the one --scim-version names", () => {
    const none = () => {};
    expect(resolveSettings({}, {}, none)).toMatchObject({
      baseUrl: "https://api.slack.com/scim/v2/",
      scimVersion: 2,
      versionFrom: "the default",
    });
    expect(resolveSettings({ scimVersion: "1" }, {}, none)).toMatchObject({
      baseUrl: "https://api.slack.com/scim/v1/",
      scimVersion: 1,
    });
    expect(resolveSettings({ baseUrl: "http://h/scim/v1" }, {}, none)).toMatchObject({
      baseUrl: "http://h/scim/v1/",
      scimVersion: 1,
      versionFrom: "the base URL",
    });
    expect(resolveSettings({}, { SLACK_SCIM_BASE_URL: "http://h/scim/v2/" }, none).baseUrl).toBe(
      "http://h/scim/v2/",
    );
  });

  it("refuses a --scim-version the URL contradicts, with the exact fix (exit 2)", async () => {
    const org = await startOrg();
    const { code, stderr } = await cli(["users", "list", "--scim-version", "2"], { org, version: 1 });
    expect(code).toBe(2);
    expect(stderr).toContain(
      `--scim-version 2 does not match SLACK_SCIM_BASE_URL ${org.v1BaseUrl}, which is the SCIM 1.1 API`,
    );
    expect(stderr).toContain(
      `hint: drop --scim-version (the URL decides), or use --base-url ${org.v2BaseUrl} for SCIM 2.0`,
    );
  });

  it("warns about a URL that names no version, and refuses one that is not http(s)", async () => {
    const warnings: string[] = [];
    expect(
      resolveSettings({ baseUrl: "https://proxy.example/scim" }, {}, (m) => warnings.push(m)).scimVersion,
    ).toBe(2);
    expect(warnings[0]).toContain("does not end in /scim/v1/ or /scim/v2/; speaking SCIM 2.0");
    const org = await startOrg();
    for (const [url, message] of [
      ["not a url", "--base-url is not a URL: not a url"],
      ["ftp://h/scim/v2/", "--base-url must be an http(s) URL"],
      ["https://h/scim/v2/?x=1", "must not have a query or fragment"],
    ] as const) {
      const { code, stderr } = await cli(["users", "list", "--base-url", url], { org });
      expect(code).toBe(2);
      expect(stderr).toContain(message);
    }
  });
});

describe("the command line", () => {
  it("answers --version", async () => {
    expect(await cli(["--version"])).toEqual({ code: 0, stdout: `${cliVersion}\n`, stderr: "" });
    expect((await cli(["-V"])).stdout).toBe(`${cliVersion}\n`);
  });

  it("has --help with examples on every command and group (exit 0)", async () => {
    const paths = [[], ["users"], ["groups"], ...commands.map((c) => [...c.path])];
    for (const path of paths) {
      const { code, stdout } = await cli([...path, "--help"]);
      expect(code, path.join(" ")).toBe(0);
      expect(stdout, path.join(" ")).toMatch(/\nExamples:\n {2}\$ slack-scim /);
    }
    const help = await cli(["users", "help", "set"]);
    expect(help.stdout).toContain("Usage: slack-scim users set [options] <ref> <name=value...>");
  });

  it("answers a bad flag, an unknown command or a missing argument with usage (exit 2)", async () => {
    for (const [args, message] of [
      [["users", "list", "--frobnicate"], "error: unknown option '--frobnicate'"],
      [["users", "lsit"], "error: unknown command 'lsit'"],
      [["users", "get"], "error: missing required argument 'ref'"],
      [
        ["users", "list", "--format", "xml"],
        "argument 'xml' is invalid. Allowed choices are table, json, ndjson, csv",
      ],
      [["users", "list", "--verbose", "--quiet"], "--verbose and --quiet cannot be used together"],
    ] as const) {
      const { code, stderr, stdout } = await cli(args);
      expect(code, args.join(" ")).toBe(2);
      expect(stderr).toContain(message);
      expect(stderr).toMatch(/Usage: slack-scim|see `slack-scim/);
      expect(stdout).toBe("");
    }
    const bare = await cli([]);
    expect(bare.code).toBe(2);
    expect(bare.stderr).toContain("Usage: slack-scim [options] [command]");
  });

  it("takes the global options before or after the command", async () => {
    const org = await startOrg({ seed: { users: 2, groups: 0 } });
    const before = await cli(["--format", "csv", "--fields", "id", "users", "list"], { org });
    expect(before.code).toBe(2);
    const after = await cli(["--format", "csv", "users", "list", "--fields", "id"], { org });
    expect(after.stdout.split("\n")[0]).toBe("id");
    const both = await cli(["--format", "csv", "users", "list", "--format", "json"], { org });
    expect(JSON.parse(both.stdout)).toHaveLength(2);
  });
});

describe("colour and verbosity", () => {
  it("colours a terminal, and not with --no-color, NO_COLOR or TERM=dumb", async () => {
    const org = await startOrg({ seed: { users: 2, groups: 0 } });
    const coloured = await cli(["users", "list"], { org, tty: { columns: 80 } });
    expect(coloured.stdout).toContain("\u001b[1mid");
    for (const [args, env] of [
      [["--no-color"], {}],
      [[], { NO_COLOR: "1" }],
      [[], { TERM: "dumb" }],
    ] as const) {
      const plain = await cli(["users", "list", ...args], { org, tty: { columns: 80 }, env });
      expect(plain.stdout).not.toContain("\u001b[");
      expect(plain.stdout.split("\n")[0]).toMatch(/^id\s+userName/);
    }
  });

  it("behaves like a terminal with SLACK_SCIM_FORCE_TTY=1 and COLUMNS", async () => {
    const org = await startOrg({ seed: { users: 2, groups: 0 } });
    const { stdout } = await cli(["users", "list", "--no-color"], {
      org,
      env: { SLACK_SCIM_FORCE_TTY: "1", COLUMNS: "40" },
    });
    const lines = stdout.trimEnd().split("\n");
    // Six columns in 40 characters: the headers are cut too.
    expect(lines[0]).toBe("id     user…  disp…  email  title  acti…");
    expect(lines).toHaveLength(3);
    for (const line of lines) expect([...line].length).toBeLessThanOrEqual(40);
  });

  it("--quiet drops confirmations and progress; errors still show", async () => {
    const org = await startOrg({ seed: { users: 6, groups: 0 } });
    const created = await cli(["users", "create", "--user-name", "q", "--email", "q@example.com", "-q"], {
      org,
      tty: { columns: 80 },
    });
    expect(created.stderr).toBe("");
    expect(created.stdout).toMatch(/^W\w+\n$/);
    const failed = await cli(["users", "get", "nobody", "--quiet"], { org });
    expect(failed.stderr).toContain('no user matches "nobody"');
  });
});
