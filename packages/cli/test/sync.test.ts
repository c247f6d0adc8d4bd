import { access, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { EmulatorOptions, StartedEmulator } from "slack-scim-emulator";
import { describe, expect, it } from "vitest";
import { Collector, cli, clientOf, signalSource, startOrg, tempDir } from "./helpers/cli.js";

/** An org with ada (title Engineer), alan and edsger (both active), and no groups. */
async function seededOrg(options: EmulatorOptions = {}): Promise<{ org: StartedEmulator; cwd: string }> {
  const org = await startOrg(options);
  const client = clientOf(org);
  for (const [userName, givenName] of [
    ["ada", "Ada"],
    ["alan", "Alan"],
    ["edsger", "Edsger"],
  ] as const) {
    await client.createUser({
      userName,
      name: { givenName, familyName: "Test" },
      title: "Engineer",
      emails: [{ value: `${userName}@example.com`, primary: true }],
    });
  }
  return { org, cwd: await tempDir() };
}

const people = [
  "userName,email,givenName,familyName,title,groups",
  "ada,ada@example.com,Ada,Test,Principal Analyst,Engineering",
  "alan,alan@example.com,Alan,Test,Engineer,",
  "edsger,edsger@example.com,Edsger,Test,Engineer,",
  "grace,grace@example.com,Grace,Hopper,Rear Admiral,Engineering",
  "",
].join("\n");

async function usersOf(org: StartedEmulator) {
  const users = [];
  for await (const user of clientOf(org).iterateUsers()) users.push(user);
  return users;
}

async function planFile(org: StartedEmulator, cwd: string, csv = people, extra: string[] = []) {
  await writeFile(join(cwd, "people.csv"), csv);
  const result = await cli(["sync", "plan", "people.csv", "--out", "plan.json", ...extra], { org, cwd });
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(await readFile(join(cwd, "plan.json"), "utf8")) as Record<string, unknown>;
}

describe("sync plan and apply", () => {
  it("plans a CSV, applies it with --yes, and the org matches the file", async () => {
    const { org, cwd } = await seededOrg();
    const plan = await planFile(org, cwd);
    expect(plan["summary"]).toMatchObject({ creates: 1, updates: 1, groupCreates: 1, memberAdds: 2 });

    const applied = await cli(["sync", "apply", "plan.json", "--yes", "--report", "report.json"], {
      org,
      cwd,
    });
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stderr).toContain("steps done");
    const report = JSON.parse(await readFile(join(cwd, "report.json"), "utf8"));
    expect(report).toMatchObject({ ok: true, failed: 0 });
    await access(join(cwd, "plan.json.journal"));

    const users = await usersOf(org);
    const byName = new Map(users.map((u) => [u.userName, u]));
    expect(byName.get("ada")?.title).toBe("Principal Analyst");
    expect(byName.get("grace")).toMatchObject({ title: "Rear Admiral", active: true });
    const client = clientOf(org);
    const { groups } = await client.searchGroups({ filter: 'displayName eq "Engineering"' });
    const members = (groups[0]?.members ?? []).map((m) => m.value).sort();
    expect(members).toEqual([byName.get("ada")?.id, byName.get("grace")?.id].sort());

    // Rerun: the journal resumes, nothing is sent twice.
    const again = await cli(["sync", "apply", "plan.json", "--yes", "--format", "json"], { org, cwd });
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ resumed: report.total, ok: true });
    expect((await usersOf(org)).filter((u) => u.userName === "grace")).toHaveLength(1);

    // A new plan in the same file replaces the old plan's journal: applying it starts afresh.
    await planFile(org, cwd, people.replace("Principal Analyst", "Director"));
    await expect(access(join(cwd, "plan.json.journal"))).rejects.toThrow();
    const next = await cli(["sync", "apply", "plan.json", "--yes"], { org, cwd });
    expect(next.code, next.stderr).toBe(0);
    expect((await usersOf(org)).find((u) => u.userName === "ada")?.title).toBe("Director");
  });

  it("prints the summary table, then every change on a terminal, and JSON with --format json", async () => {
    const { org, cwd } = await seededOrg();
    await writeFile(join(cwd, "people.csv"), people);
    const tty = await cli(["sync", "plan", "people.csv", "--no-color"], { org, cwd, tty: { columns: 120 } });
    expect(tty.code, tty.stderr).toBe(0);
    expect(tty.stdout).toMatch(/users created\s+1/);
    expect(tty.stdout).toContain('~ update ada: title "Engineer" → "Principal Analyst" (people.csv:2)');
    expect(tty.stdout).toContain("+ create grace (people.csv:5)");
    expect(tty.stdout).toContain("+ add to Engineering: ");
    const piped = await cli(["sync", "plan", "people.csv"], { org, cwd });
    expect(piped.stdout).toMatch(/users updated\s+1/);
    expect(piped.stdout).not.toContain("~ update");
    const json = await cli(["sync", "plan", "people.csv", "--format", "json"], { org, cwd });
    expect(JSON.parse(json.stdout)).toMatchObject({ format: "slack-scim/sync-plan", baseUrl: org.v2BaseUrl });
  });

  it("refuses a plan made against another base URL, and one older than --max-age (exit 2)", async () => {
    const { org, cwd } = await seededOrg();
    await planFile(org, cwd);
    const other = await startOrg();
    const wrongOrg = await cli(["sync", "apply", "plan.json", "--yes"], { org: other, cwd });
    expect(wrongOrg.code).toBe(2);
    expect(wrongOrg.stderr).toContain(`the plan was made against ${org.v2BaseUrl}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const old = await cli(["sync", "apply", "plan.json", "--yes", "--max-age", "1ms"], { org, cwd });
    expect(old.code).toBe(2);
    expect(old.stderr).toContain("--max-age allows");
    // Nothing was applied by either.
    expect((await usersOf(org)).map((u) => u.userName)).not.toContain("grace");
    expect((await usersOf(other)).length).toBe(0);
  });

  it("refuses deactivations without a terminal and without --yes; applies them with --yes", async () => {
    const { org, cwd } = await seededOrg();
    const keep = people
      .split("\n")
      .filter((line) => !line.startsWith("edsger"))
      .join("\n");
    const plan = await planFile(org, cwd, keep, [
      "--deactivate-missing",
      "--exclude",
      "",
      "--protect",
      "alan",
    ]);
    expect(plan["summary"]).toMatchObject({ deactivations: 1 });
    const refused = await cli(["sync", "apply", "plan.json", "--max-deactivations", "1"], { org, cwd });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("deactivates 1 user");
    expect(refused.stderr).toContain("--yes");
    expect((await usersOf(org)).find((u) => u.userName === "edsger")?.active).toBe(true);
    // The default guard rail (the smaller of 10 and 5% of 3 active users: 0) refuses it too.
    const guarded = await cli(["sync", "apply", "plan.json", "--yes"], { org, cwd });
    expect(guarded.code).toBe(2);
    expect(guarded.stderr).toContain("--max-deactivations");
    const done = await cli(["sync", "apply", "plan.json", "--yes", "--max-deactivations", "1"], { org, cwd });
    expect(done.code, done.stderr).toBe(0);
    expect((await usersOf(org)).find((u) => u.userName === "edsger")?.active).toBe(false);
  });

  it("asks on a terminal, and a no changes nothing", async () => {
    const { org, cwd } = await seededOrg();
    await planFile(org, cwd);
    const result = await cli(["sync", "apply", "plan.json"], { org, cwd, stdin: "n\n", stdinTTY: true });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("Apply ");
    expect(result.stderr).toContain("not confirmed");
    expect((await usersOf(org)).map((u) => u.userName)).not.toContain("grace");
  });

  it("lists every problem of a bad CSV with line and column, exits 2 and plans nothing", async () => {
    const { org, cwd } = await seededOrg();
    await writeFile(
      join(cwd, "bad.csv"),
      "userName,email\nada,ada@example.com\nbob,not-an-email\nthis.name.is.far.too.long.for.slack,x@example.com\n",
    );
    const result = await cli(["sync", "plan", "bad.csv", "--out", "plan.json"], { org, cwd });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("bad.csv:3:2 (email)");
    expect(result.stderr).toContain("bad.csv:4:1 (userName)");
    await expect(access(join(cwd, "plan.json"))).rejects.toThrow();
  });

  it("sync FILE --dry-run prints the plan and writes nothing; without --dry-run it is a usage error", async () => {
    const { org, cwd } = await seededOrg();
    await writeFile(join(cwd, "people.csv"), people);
    const dry = await cli(["sync", "people.csv", "--dry-run", "--format", "json"], { org, cwd });
    expect(dry.code, dry.stderr).toBe(0);
    expect(JSON.parse(dry.stdout)).toMatchObject({ summary: { creates: 1 } });
    expect((await usersOf(org)).map((u) => u.userName)).not.toContain("grace");
    const bare = await cli(["sync", "people.csv"], { org, cwd });
    expect(bare.code).toBe(2);
    expect(bare.stderr).toContain("sync plan people.csv --out plan.json");
  });

  it("refuses options it cannot plan with (exit 2), naming them", async () => {
    const { org, cwd } = await seededOrg();
    await writeFile(join(cwd, "people.csv"), people);
    const noScope = await cli(["sync", "plan", "people.csv", "--deactivate-missing"], { org, cwd });
    expect(noScope.code).toBe(2);
    expect(noScope.stderr).toContain("--deactivate-missing needs a scope");
    const matchBy = await cli(["sync", "plan", "people.csv", "--match-by", "phone"], { org, cwd });
    expect(matchBy.code).toBe(2);
    expect(matchBy.stderr).toContain("--match-by");
    const maxAge = await cli(["sync", "apply", "plan.json", "--max-age", "soon"], { org, cwd });
    expect(maxAge.code).toBe(2);
    const edited = join(cwd, "edited.json");
    await writeFile(edited, '{"format":"slack-scim/sync-plan"}');
    const broken = await cli(["sync", "apply", "edited.json"], { org, cwd });
    expect(broken.code).toBe(2);
    expect(broken.stderr).toContain("edited.json:");
  });

  it("confirms on a terminal and shows done, failed, remaining and ETA while applying", async () => {
    const { org, cwd } = await seededOrg();
    await planFile(org, cwd);
    const result = await cli(["sync", "apply", "plan.json", "--no-color"], {
      org,
      cwd,
      tty: { columns: 120 },
      stdin: "y\n",
      stdinTTY: true,
    });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain("Apply 4 steps to");
    expect(result.stderr).toMatch(/applying .*4 done · 0 failed · 0 left · ETA 0:00/);
    expect(result.stderr).toContain("4 of 4 steps done");
  });

  it("exits 1 when a step fails, and a rerun with the journal retries only that step", async () => {
    const { org, cwd } = await seededOrg({
      faults: [{ match: "PATCH /Users/*", status: 400, code: "invalid_title", times: 1 }],
    });
    await planFile(org, cwd);
    const failed = await cli(["sync", "apply", "plan.json", "--yes", "--report", "report.json"], {
      org,
      cwd,
    });
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain("failed update-user:");
    expect(failed.stderr).toContain("[invalid_title]");
    const report = JSON.parse(await readFile(join(cwd, "report.json"), "utf8"));
    expect(report).toMatchObject({ ok: false, failed: 1 });
    const retried = await cli(["sync", "apply", "plan.json", "--yes", "--format", "json"], { org, cwd });
    expect(retried.code, retried.stderr).toBe(0);
    expect(JSON.parse(retried.stdout)).toMatchObject({ ok: true, resumed: 3 });
    expect((await usersOf(org)).find((u) => u.userName === "ada")?.title).toBe("Principal Analyst");
  });

  it("Ctrl-C stops after the steps in flight with exit 130; the same command resumes", async () => {
    const { org, cwd } = await seededOrg({ faults: [{ match: "POST /Users", latencyMs: 300, times: 10 }] });
    const many = [
      people.trimEnd(),
      ...["kay", "lin", "max", "ned"].map((n) => `${n},${n}@example.com,${n},Test,Engineer,`),
    ].join("\n");
    await planFile(org, cwd, many);
    const signals = signalSource();
    const stderr = new (class extends Collector {
      override _write(chunk: string | Buffer, encoding: string, done: () => void): void {
        super._write(chunk, encoding, done);
        if (/[1-9] done/.test(this.text)) signals.emit("SIGINT");
      }
    })({ columns: 120 });
    const stopped = await cli(["sync", "apply", "plan.json", "--yes"], {
      org,
      cwd,
      signals,
      stderr,
      tty: { columns: 120 },
    });
    expect(stopped.code).toBe(130);
    expect(stopped.stderr).toContain("plan.json.journal keeps what was done");
    const resumed = await cli(["sync", "apply", "plan.json", "--yes", "--format", "json"], { org, cwd });
    expect(resumed.code, resumed.stderr).toBe(0);
    const report = JSON.parse(resumed.stdout);
    expect(report).toMatchObject({ ok: true, failed: 0 });
    // Some steps were done before Ctrl-C, not all of them.
    expect(report.resumed).toBeGreaterThan(0);
    expect(report.resumed).toBeLessThan(report.total);
    const names = (await usersOf(org)).map((u) => u.userName);
    for (const name of ["grace", "kay", "lin", "max", "ned"])
      expect(names.filter((n) => n === name)).toHaveLength(1);
  });

  it("names the file, option or journal that is wrong", async () => {
    const { org, cwd } = await seededOrg();
    await planFile(org, cwd, people, ["--match-by", "userName,email"]);
    const missing = await cli(["sync", "plan", "nobody.csv"], { org, cwd });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("cannot read nobody.csv");
    const noPlan = await cli(["sync", "apply", "nothing.json"], { org, cwd });
    expect(noPlan.code).toBe(2);
    expect(noPlan.stderr).toContain("cannot read nothing.json: ENOENT");
    const csv = await cli(["sync", "plan", "people.csv", "--format", "csv"], { org, cwd });
    expect(csv.code).toBe(2);
    expect(csv.stderr).toContain("a plan prints as a table or JSON");
    const map = await cli(["sync", "plan", "people.csv", "--map", "title=rank"], { org, cwd });
    expect(map.code).toBe(2);
    expect(map.stderr).toContain("rank");
    const filter = await cli(
      ["sync", "plan", "people.csv", "--deactivate-missing", "--scope-filter", 'title eq "x"'],
      { org, cwd },
    );
    expect(filter.code).toBe(2);
    expect(filter.stderr).toContain("title");
    const report = await cli(["sync", "apply", "plan.json", "--yes", "--report", "no/such/dir/report.json"], {
      org,
      cwd,
    });
    expect(report.code).toBe(1);
    expect(report.stderr).toContain("cannot write no/such/dir/report.json");
    // That apply finished: its journal belongs to plan.json. Another plan cannot use it.
    await writeFile(join(cwd, "people.csv"), people.replace("Rear Admiral", "Commodore"));
    const other = await cli(["sync", "plan", "people.csv", "--out", "other.json"], { org, cwd });
    expect(other.code, other.stderr).toBe(0);
    const journal = await cli(["sync", "apply", "other.json", "--yes", "--journal", "plan.json.journal"], {
      org,
      cwd,
    });
    expect(journal.code).toBe(2);
    expect(journal.stderr).toContain("give this plan its own --journal file");
  });
});
