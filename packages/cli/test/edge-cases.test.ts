import { describe, expect, it } from "vitest";
import { StderrLogger } from "../src/logger.js";
import { SilentProgress } from "../src/output/progress.js";
import { Collector, cli, clientOf, exampleOrg, ndjson, signalSource, startOrg } from "./helpers/cli.js";

/** A stdout that reads slowly: every write waits a turn, so a full buffer makes the command wait for `drain`. */
class SlowReader extends Collector {
  constructor() {
    super(undefined, 1024);
  }

  override _write(chunk: string | Buffer, encoding: string, done: () => void): void {
    setImmediate(() => super._write(chunk, encoding, done));
  }
}

/** Polls until `read()` matches, then returns. */
async function until(read: () => string, pattern: RegExp): Promise<void> {
  for (let i = 0; i < 1000 && !pattern.test(read()); i += 1)
    await new Promise((resolve) => setTimeout(resolve, 10));
}

describe("long work stopped half-way", () => {
  it("a slow reader makes the export wait, and still gets every line", async () => {
    const org = await startOrg({ seed: { users: 1500, groups: 0 } });
    const stdout = new SlowReader();
    const { code } = await cli(["export", "users"], { org, stdout });
    expect(code).toBe(0);
    expect(ndjson(stdout.text)).toHaveLength(1500);
  });

  it("Ctrl-C during a list ends it with 130 after what was printed", async () => {
    for (const kind of ["users", "groups"] as const) {
      const org = await startOrg({ seed: { users: 2500, groups: kind === "groups" ? 2500 : 0 } });
      org.faults.push({ match: `GET /${kind === "users" ? "Users" : "Groups"}`, latencyMs: 300, times: 10 });
      const stdout = new Collector();
      const signals = signalSource();
      const running = cli([kind, "list"], { org, stdout, signals });
      await until(() => stdout.text, /\n/);
      signals.emit("SIGINT");
      const { code, stderr } = await running;
      expect(code).toBe(130);
      expect(stderr).toMatch(new RegExp(`interrupted after \\d+ ${kind}`));
      expect(ndjson(stdout.text).length).toBeLessThan(2500);
    }
  });

  it("Ctrl-C during a batch lets the writes in flight finish and lists what was not started (130)", async () => {
    const org = await startOrg({ seed: { users: 13, groups: 0 } });
    const ids = (await clientOf(org).searchUsers({ count: 13 })).users.slice(1).map((u) => u.id as string);
    org.faults.push({ match: "DELETE /Users/*", latencyMs: 150, times: Number.POSITIVE_INFINITY });
    const stderr = new Collector({ columns: 100 });
    const signals = signalSource();
    const running = cli(["users", "deactivate", ...ids], { org, tty: { columns: 100 }, stderr, signals });
    await until(() => stderr.text, /deactivating ▕[█░]+▏ [1-9]\d*\/12/);
    signals.emit("SIGINT");
    const { code } = await running;
    expect(code).toBe(130);
    const summary = /interrupted: deactivated (\d+) of 12 users; not started: (.*)\n/.exec(stderr.text);
    expect(summary).not.toBeNull();
    const done = Number(summary?.[1]);
    const users = (await clientOf(org).searchUsers({ count: 13 })).users;
    expect(users.filter((u) => u.active === false)).toHaveLength(done);
    expect(summary?.[2]?.split(", ")).toHaveLength(12 - done);
  });

  it("a failed read while resolving refs stops the command before any change (exit 1)", async () => {
    const { emulator } = await exampleOrg();
    emulator.faults.push({ match: "GET /Users", status: 500, times: Number.POSITIVE_INFINITY });
    const { code, stderr } = await cli(["users", "deactivate", "ada.lovelace", "alan.turing"], {
      org: emulator,
    });
    expect(code).toBe(1);
    expect(stderr).toContain("500");
    expect((await clientOf(emulator).readUser("W0123ABCDEF")).user.active).toBe(true);
  });
});

describe("more outputs", () => {
  it("takes the progress bar off the line while table rows are written to the same terminal", async () => {
    const org = await startOrg({ seed: { users: 0, groups: 5 } });
    const screen = new Collector({ columns: 90 });
    const { code } = await cli(["groups", "list", "--no-color"], {
      org,
      tty: { columns: 90 },
      stdout: screen,
      stderr: screen,
    });
    expect(code).toBe(0);
    const header = screen.text.indexOf("id  ");
    expect(screen.text.slice(header - 5, header)).toBe("\r\u001b[2K");
    // The bar comes back below the rows, and is gone at the end.
    const clear = "\r\u001b[2K";
    const after = screen.text.slice(header);
    expect(after.slice(after.lastIndexOf("\n") + 1).startsWith(`${clear}listing groups `)).toBe(true);
    expect(after).toContain("5/5 100%");
    expect(after.endsWith(clear)).toBe(true);
  });

  it("prints created, replaced, renamed and listed resources in the --format asked for", async () => {
    const { emulator, cwd } = await exampleOrg();
    const group = await cli(["groups", "create", "x", "--member", "ada.lovelace", "--format", "ndjson"], {
      org: emulator,
    });
    expect(ndjson(group.stdout)[0]).toMatchObject({ displayName: "x" });
    const replaced = await cli(
      ["users", "replace", "ada.lovelace", "--from", "ada.json", "--yes", "--format", "json"],
      {
        org: emulator,
        cwd,
      },
    );
    expect(JSON.parse(replaced.stdout)).toMatchObject({ userName: "ada.lovelace", displayName: "Ada" });
    const csv = await cli(["users", "get", "ada.lovelace", "--format", "csv"], { org: emulator });
    expect(csv.stdout.split("\n")[0]).toMatch(/^id,userName,active,/);
    const fields = await cli(["users", "get", "ada.lovelace", "--fields", "userName,phone", "--no-color"], {
      org: emulator,
      tty: { columns: 80 },
    });
    expect(fields.stdout).toBe("userName  ada.lovelace\nphone\n");
    const v1 = await cli(["groups", "add-members", "pioneers", "alan.turing", "--format", "json"], {
      org: emulator,
      version: 1,
    });
    expect(JSON.parse(v1.stdout).members).toHaveLength(2);
    const doctor = await cli(["doctor", "--format", "ndjson"], { org: emulator });
    expect(JSON.parse(doctor.stdout)).toMatchObject({ ok: true, users: 4 });
    const whoami = await cli(["whoami", "--format", "csv"], { org: emulator });
    expect(whoami.stdout).toContain("users,true,4 in the org,");
  });

  it("says when a create's answer was lost and the user was found instead of created twice", async () => {
    const org = await startOrg();
    org.faults.push({ match: "POST /Users", reset: "after-body" });
    const { code, stdout, stderr } = await cli(
      ["users", "create", "--user-name", "lost", "--email", "lost@example.com"],
      {
        org,
      },
    );
    expect(code).toBe(0);
    expect(stderr).toContain(
      "the create's answer was lost; the user was found by a lookup, not created twice",
    );
    expect(org.store.userCount).toBe(1);
    expect(stdout.trim()).toMatch(/^W/);
  });

  it("a file that cannot be read or written is named (exit 2 and 1)", async () => {
    const org = await startOrg({ seed: { users: 3, groups: 0 } });
    const missing = await cli(["users", "create", "--from", "nope.json"], { org });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("cannot read nope.json: ENOENT");
    const full = await cli(["export", "users", "--out", "/dev/full"], { org });
    expect(full.code).toBe(1);
    expect(full.stderr).toContain("writing /dev/full failed: ENOSPC");
  });

  it("takes confirmation answers without a newline, and end of input as no", async () => {
    const { emulator } = await exampleOrg();
    const eof = await cli(["groups", "delete", "pioneers"], { org: emulator, stdin: "", stdinTTY: true });
    expect(eof.code).toBe(1);
    expect(eof.stderr).toContain("Delete group pioneers (STEST000001, 1 member)? [y/N] ");
    const yes = await cli(["groups", "delete", "pioneers"], { org: emulator, stdin: "yes", stdinTTY: true });
    expect(yes.code).toBe(0);
  });
});

describe("small parts", () => {
  it("the client's logger writes levels at or above its own", () => {
    const lines: string[] = [];
    const logger = new StderrLogger((line) => lines.push(line), "info");
    logger.debug("hidden");
    logger.info("a", 1);
    logger.setName("other");
    logger.warn("b");
    logger.setLevel("error");
    logger.warn("hidden");
    logger.error("c");
    expect(logger.getLevel()).toBe("error");
    expect(lines).toEqual(["[info] slack-scim: a 1", "[warn] other: b", "[error] other: c"]);
  });

  it("silent progress still counts", () => {
    const progress = new SilentProgress();
    progress.tick(3);
    progress.setTotal();
    progress.done();
    expect(progress.count).toBe(3);
    expect(progress.elapsedMs).toBeGreaterThanOrEqual(0);
  });
});
