import { readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { exportFormat } from "../src/commands/export.js";
import { cli, clientOf, ndjson, signalSource, startOrg, tempDir } from "./helpers/cli.js";

describe("export", () => {
  it("streams every user to stdout as NDJSON, each once", async () => {
    const org = await startOrg({ seed: { users: 2300, groups: 0 } });
    const { code, stdout, stderr } = await cli(["export", "users"], { org });
    expect(code).toBe(0);
    const users = ndjson(stdout);
    expect(users).toHaveLength(2300);
    expect(new Set(users.map((u) => u["id"])).size).toBe(2300);
    expect(stderr).toMatch(/^✓ exported 2,300 users in \d+\.\d s\n$/);
  });

  it("writes CSV, JSON or NDJSON files chosen by --format or the file's extension", async () => {
    const org = await startOrg({ seed: { users: 40, groups: 3 } });
    const cwd = await tempDir();
    expect((await cli(["export", "users", "--out", "users.csv"], { org, cwd })).code).toBe(0);
    const csv = (await readFile(join(cwd, "users.csv"), "utf8")).trim().split("\n");
    expect(csv[0]?.startsWith("id,userName,active,displayName,givenName,familyName,")).toBe(true);
    expect(csv).toHaveLength(41);
    expect((await cli(["export", "groups", "--out", "groups.json"], { org, cwd })).code).toBe(0);
    const groups = JSON.parse(await readFile(join(cwd, "groups.json"), "utf8")) as { members?: unknown[] }[];
    expect(groups).toHaveLength(3);
    expect(groups.every((g) => Array.isArray(g.members))).toBe(true);
    const custom = await cli(["export", "users", "--format", "csv", "--fields", "userName,department"], {
      org,
    });
    expect(custom.stdout.split("\n")[0]).toBe("userName,department");
    expect((await cli(["export", "users", "--out", "u.data"], { org, cwd })).code).toBe(0);
    expect(ndjson(await readFile(join(cwd, "u.data"), "utf8"))).toHaveLength(40);
  });

  it("quotes CSV cells that hold commas, quotes and newlines", async () => {
    const org = await startOrg();
    await clientOf(org).createUser({
      userName: "odd",
      title: 'Head, "Special"\nProjects',
      emails: [{ value: "odd@example.com" }],
    });
    const { stdout } = await cli(["export", "users", "--format", "csv", "--fields", "userName,title"], {
      org,
    });
    expect(stdout).toBe('userName,title\nodd,"Head, ""Special""\nProjects"\n');
  });

  it("writes an empty export as an empty list, a header, or nothing", async () => {
    const org = await startOrg();
    expect((await cli(["export", "groups", "--format", "json"], { org })).stdout).toBe("[]\n");
    expect((await cli(["export", "groups", "--format", "csv"], { org })).stdout).toBe(
      "id,displayName,memberCount,members,externalId,created\n",
    );
    expect((await cli(["export", "groups"], { org })).stdout).toBe("");
  });

  it("refuses a table, an unknown resource and an unwritable file before any call (exit 2)", async () => {
    const org = await startOrg();
    const table = await cli(["export", "users", "--format", "table"], { org });
    expect(table.code).toBe(2);
    expect(table.stderr).toContain("export writes csv, ndjson or json, not a table");
    const resource = await cli(["export", "channels"], { org });
    expect(resource.code).toBe(2);
    expect(resource.stderr).toContain("Allowed choices are users, groups");
    const out = await cli(["export", "users", "--out", "/nonexistent-dir/u.csv"], { org });
    expect(out.code).toBe(2);
    expect(out.stderr).toContain("cannot write --out /nonexistent-dir/u.csv: ENOENT");
  });

  it("shows count, rate and ETA on a terminal, the total read first", async () => {
    const org = await startOrg({ seed: { users: 1500, groups: 0 } });
    const cwd = await tempDir();
    const { code, stderr } = await cli(["export", "users", "--out", "u.ndjson"], {
      org,
      cwd,
      tty: { columns: 100 },
    });
    expect(code).toBe(0);
    expect(stderr).toMatch(/exporting users ▕[█░]+▏ 0\/1,500 0%/);
    expect(stderr).toMatch(/exporting users ▕█+▏ 1,500\/1,500 100% [\d,]+\/s ETA 0:00/);
    expect(stderr).toContain("\u001b[32m✓\u001b[39m exported 1,500 users to u.ndjson");
  });

  it("stops on Ctrl-C after the page in flight, closes the file readable, and says how far it got (130)", async () => {
    const org = await startOrg({ seed: { users: 3000, groups: 0 } });
    org.faults.push({ match: "GET /Users", latencyMs: 300, times: Number.POSITIVE_INFINITY });
    const cwd = await tempDir();
    const signals = signalSource();
    const running = cli(["export", "users", "--out", "u.json"], { org, cwd, signals });
    const file = join(cwd, "u.json");
    for (let i = 0; i < 500; i += 1) {
      if ((await stat(file).catch(() => undefined))?.size) break;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    signals.emit("SIGINT");
    const { code, stderr } = await running;
    expect(code).toBe(130);
    const written = JSON.parse(await readFile(file, "utf8")) as unknown[];
    expect(written.length).toBeGreaterThan(0);
    expect(written.length).toBeLessThan(3000);
    expect(stderr).toContain("interrupted: finishing the calls in flight");
    expect(stderr).toContain(
      `interrupted: exported ${written.length.toLocaleString("en-US")} users to u.json (incomplete, but readable)`,
    );
  });
});

describe("exportFormat", () => {
  it("takes --format first, then the extension, then NDJSON", () => {
    expect(exportFormat("csv", "x.json")).toBe("csv");
    expect(exportFormat(undefined, "x.CSV")).toBe("csv");
    expect(exportFormat(undefined, "x.jsonl")).toBe("ndjson");
    expect(exportFormat(undefined, "x")).toBe("ndjson");
    expect(exportFormat(undefined, undefined)).toBe("ndjson");
  });
});
