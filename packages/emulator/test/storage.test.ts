import { spawn, spawnSync } from "node:child_process";
import {
  appendFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { threadId } from "node:worker_threads";
import { afterEach, describe, expect, it } from "vitest";
import { createEmulator, type Emulator, EmulatorStorageError, journalHeader } from "../src/index.js";
import { journalFs } from "../src/store/fs-ops.js";
import { binPath, spawnBin } from "./helpers/child.js";
import { newUser1, newUser2, start, urn } from "./helpers/server.js";

const dirs: string[] = [];
/** The header of a version-1 journal (no checksums), still read. */
const legacyHeader = JSON.stringify({ ...journalHeader, version: 1 });
function tempFile(): string {
  const dir = mkdtempSync(join(tmpdir(), "scim-emu-"));
  dirs.push(dir);
  return join(dir, "org.jsonl");
}
/** An in-process 2.0 POST /Users. */
function post(e: Emulator, userName: string): Request {
  return new Request("http://scim.test/scim/v2/Users", {
    method: "POST",
    headers: { authorization: `Bearer ${e.adminToken}` },
    body: JSON.stringify(newUser2(userName)),
  });
}
afterEach(() => {
  while (dirs.length > 0) rmSync(dirs.pop() as string, { recursive: true, force: true });
});

describe("file storage", () => {
  it("keeps users and groups across a restart", async () => {
    const file = tempFile();
    const first = await start({ storage: { file } });
    const u = (await first.call(1, "POST", "Users", newUser1("persisted"))).json;
    const g = (
      await first.call(2, "POST", "Groups", {
        schemas: [urn.group2],
        displayName: "kept",
        members: [{ value: u.id }],
      })
    ).json;
    const gone = (await first.call(2, "POST", "Groups", { schemas: [urn.group2], displayName: "gone" })).json;
    await first.call(2, "DELETE", `Groups/${gone.id}`);
    await first.call(2, "DELETE", `Users/${u.id}`);
    await first.server.close();
    first.emulator.close();

    const second = await start({ storage: { file } });
    const user = await second.call(2, "GET", `Users/${u.id}`);
    expect(user.json).toMatchObject({
      userName: "persisted",
      active: false,
      groups: [{ value: g.id, display: "kept" }],
    });
    expect((await second.call(2, "GET", `Groups/${gone.id}`)).status).toBe(404);
    expect(second.emulator.store.findUserByEmail("persisted@acme.example")?.id).toBe(u.id);
    expect((await second.call(1, "POST", "Users", newUser1("persisted"))).status).toBe(409);
  });

  it("seeds a new file once and never re-seeds it", () => {
    const file = tempFile();
    const a = createEmulator({ storage: { file }, seed: { users: 30, groups: 3 } });
    const ids = a.store.users().map((u) => u.id);
    a.close();
    const b = createEmulator({ storage: { file }, seed: { users: 5 } });
    expect(b.store.users().map((u) => u.id)).toEqual(ids);
    expect(b.store.groupCount).toBe(3);
    b.close();
  });

  it("compacts the journal and keeps every record", async () => {
    const file = tempFile();
    const t = await start({ storage: { file, compactEvery: 5 } });
    for (let i = 0; i < 12; i++) await t.call(1, "POST", "Users", newUser1(`c${i}`));
    const id = t.emulator.store.users()[0]?.id;
    for (let i = 0; i < 7; i++)
      await t.call(1, "PATCH", `Users/${id}`, { schemas: [urn.core1], title: `t${i}` });
    await t.server.close();
    t.emulator.close();
    const lines = readFileSync(file, "utf8").trimEnd().split("\n");
    expect(lines.length).toBeLessThan(1 + 12 + 7);
    expect(JSON.parse(lines[0] as string)).toMatchObject(journalHeader);
    const again = createEmulator({ storage: { file } });
    expect(again.store.userCount).toBe(12);
    expect(again.store.getUser(id as string)?.title).toBe("t6");
    again.close();
  });

  it("ignores a directory fsync the platform refuses (EINVAL, EPERM, EISDIR)", async () => {
    const file = tempFile();
    const calls: string[] = [];
    const original = journalFs.fsyncDirectory;
    try {
      for (const code of ["EINVAL", "EPERM", "EISDIR"]) {
        journalFs.fsyncDirectory = () => {
          calls.push(code);
          throw Object.assign(new Error(`${code}: fsync`), { code });
        };
        const e = createEmulator({ storage: { file, compactEvery: 1 }, seed: { users: 1 } });
        await e.fetch(post(e, `d-${code}`));
        e.close();
      }
    } finally {
      journalFs.fsyncDirectory = original;
    }
    expect(calls.length).toBeGreaterThanOrEqual(3);
    const again = createEmulator({ storage: { file } });
    expect(again.store.userCount).toBe(4);
    again.close();
  });

  it("a failing compaction never fails writes, and is retried after twice as many writes each time", async () => {
    const file = tempFile();
    let attempts = 0;
    const original = journalFs.fsyncDirectory;
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.message);
    process.on("warning", onWarning);
    const e = createEmulator({ storage: { file, compactEvery: 1 } });
    try {
      journalFs.fsyncDirectory = () => {
        attempts++;
        throw Object.assign(new Error("EIO: i/o error, fsync"), { code: "EIO" });
      };
      for (let i = 0; i < 40; i++) expect((await e.fetch(post(e, `w${i}`))).status).toBe(201);
    } finally {
      journalFs.fsyncDirectory = original;
      e.close();
      await new Promise((resolve) => setImmediate(resolve));
      process.off("warning", onWarning);
    }
    // Without the backoff, each of the 40 writes would rewrite the whole file.
    expect(attempts).toBeGreaterThan(0);
    expect(attempts).toBeLessThan(8);
    expect(warnings.filter((m) => m.includes("compacting")).length).toBe(1);
    const again = createEmulator({ storage: { file } });
    expect(again.store.userCount).toBe(40);
    again.close();
  });

  it("cuts a torn last line (a crash mid-write) and keeps every acknowledged write", () => {
    const file = tempFile();
    const a = createEmulator({ storage: { file }, seed: { users: 3 } });
    a.close();
    appendFileSync(file, '{"u":{"id":"W0000000009","userName":"tor');
    const b = createEmulator({ storage: { file } });
    expect(b.store.userCount).toBe(3);
    b.close();
    expect(readFileSync(file, "utf8").endsWith("\n")).toBe(true);
  });

  it("refuses a corrupt, foreign or newer file with a clear error", () => {
    const corrupt = tempFile();
    writeFileSync(corrupt, `${legacyHeader}\n{"dg":"S1"}\nnot json\n{"dg":"S1"}\n`);
    expect(() => createEmulator({ storage: { file: corrupt } })).toThrow(/line 3: corrupt record/);
    const foreign = tempFile();
    writeFileSync(foreign, '{"users":[{"id":"W1"}]}\n');
    expect(() => createEmulator({ storage: { file: foreign } })).toThrow(EmulatorStorageError);
    expect(() => createEmulator({ storage: { file: foreign } })).toThrow(/not a slack-scim-emulator store/);
    const noNewline = tempFile();
    writeFileSync(noNewline, "hello");
    expect(() => createEmulator({ storage: { file: noNewline } })).toThrow(/not a slack-scim-emulator store/);
    const newer = tempFile();
    writeFileSync(newer, `${JSON.stringify({ ...journalHeader, version: 99 })}\n`);
    expect(() => createEmulator({ storage: { file: newer } })).toThrow(/version 99 is not supported/);
    const unknownEntry = tempFile();
    writeFileSync(unknownEntry, `${legacyHeader}\n{"x":1}\n`);
    expect(() => createEmulator({ storage: { file: unknownEntry } })).toThrow(/line 2: corrupt record/);
  });

  it("loses no acknowledged write when the process is SIGKILLed mid-traffic", async () => {
    const file = tempFile();
    const bin = await spawnBin(["--port", "0", "--file", file]);
    const acked: string[] = [];
    const headers = { authorization: `Bearer ${bin.token}`, "content-type": "application/json" };
    // Keep writing; kill the process while a write is in flight after 40 acknowledged ones.
    const writer = (async () => {
      for (let i = 0; ; i++) {
        const body = JSON.stringify(i % 2 === 0 ? newUser1(`k${i}`) : newUser2(`k${i}`));
        const version = i % 2 === 0 ? 1 : 2;
        if (acked.length === 40) bin.child.kill("SIGKILL");
        try {
          const res = await fetch(`${bin.url}/scim/v${version}/Users`, { method: "POST", headers, body });
          if (res.status !== 201) throw new Error(`status ${res.status}`);
          acked.push(((await res.json()) as { id: string }).id);
        } catch {
          return;
        }
      }
    })();
    await writer;
    expect((await bin.exited).signal).toBe("SIGKILL");
    expect(acked.length).toBeGreaterThanOrEqual(40);
    const reopened = createEmulator({ storage: { file } });
    for (const id of acked) expect(reopened.store.getUser(id)).toBeDefined();
    reopened.close();
  });

  it("reset() empties the file too", async () => {
    const file = tempFile();
    const t = await start({ storage: { file } });
    await t.call(1, "POST", "Users", newUser1("wiped"));
    t.emulator.reset();
    await t.server.close();
    t.emulator.close();
    const again = createEmulator({ storage: { file } });
    expect(again.store.userCount).toBe(0);
    again.close();
  });

  it("keeps every acknowledged write when restarted after each one, across compactions", async () => {
    const file = tempFile();
    const storage = { file, compactEvery: 3 };
    const auth = { authorization: "Bearer xoxp-slack-scim-emulator", "content-type": "application/json" };
    const send = async (emulator: Emulator, method: string, path: string, body?: unknown) => {
      const init: RequestInit = { method, headers: auth };
      if (body !== undefined) init.body = JSON.stringify(body);
      const res = await emulator.fetch(new Request(`http://scim.test/scim/v2/${path}`, init));
      const text = await res.text();
      return { status: res.status, json: text === "" ? undefined : JSON.parse(text) };
    };
    const users = new Map<string, { title: string; active: boolean }>();
    const groups = new Map<string, string[]>();
    const writes: ((e: Emulator) => Promise<void>)[] = [];
    for (let i = 0; i < 6; i++) {
      writes.push(async (e) => {
        const res = await send(e, "POST", "Users", { ...newUser2(`r${i}`), title: `t${i}` });
        expect(res.status).toBe(201);
        users.set(res.json.id, { title: `t${i}`, active: true });
      });
    }
    const ids = () => [...users.keys()];
    writes.push(async (e) => {
      const id = ids()[1] as string;
      expect((await send(e, "DELETE", `Users/${id}`)).status).toBe(204);
      (users.get(id) as { active: boolean }).active = false;
    });
    writes.push(async (e) => {
      const id = ids()[2] as string;
      const op = { op: "replace", path: "title", value: "patched" };
      expect((await send(e, "PATCH", `Users/${id}`, { schemas: [urn.patch], Operations: [op] })).status).toBe(
        200,
      );
      (users.get(id) as { title: string }).title = "patched";
    });
    for (let g = 0; g < 2; g++) {
      writes.push(async (e) => {
        const members = [ids()[0] as string, ids()[3] as string];
        const body = {
          schemas: [urn.group2],
          displayName: `g${g}`,
          members: members.map((value) => ({ value })),
        };
        const res = await send(e, "POST", "Groups", body);
        expect(res.status).toBe(201);
        groups.set(res.json.id, members);
      });
    }
    writes.push(async (e) => {
      const id = [...groups.keys()][0] as string;
      expect((await send(e, "DELETE", `Groups/${id}`)).status).toBe(204);
      groups.delete(id);
    });
    writes.push(async (e) => {
      const id = ids()[4] as string;
      expect((await send(e, "DELETE", `Users/${id}`)).status).toBe(204);
      (users.get(id) as { active: boolean }).active = false;
    });
    for (const write of writes) {
      const before = createEmulator({ storage });
      await write(before);
      before.close();
      const after = createEmulator({ storage });
      expect(after.store.userCount).toBe(users.size);
      for (const [id, want] of users) expect(after.store.getUser(id)).toMatchObject(want);
      expect(after.store.groupCount).toBe(groups.size);
      for (const [id, members] of groups) expect(after.store.getGroup(id)?.members).toEqual(members);
      after.close();
    }
    // Several compactions happened: the file holds a snapshot, not one line per write.
    expect(readFileSync(file, "utf8").trimEnd().split("\n").length).toBeLessThan(1 + writes.length);
  });

  it("fails writes after close() (503) and persists nothing", async () => {
    const file = tempFile();
    const t = await start({ storage: { file } });
    expect((await t.call(1, "POST", "Users", newUser1("before"))).status).toBe(201);
    t.emulator.close();
    const res = await t.call(2, "POST", "Users", newUser2("after"));
    expect(res.status).toBe(503);
    expect(res.json.detail).toMatch(/storage .*org\.jsonl is closed; the write was not applied/);
    expect(t.emulator.store.findUserByUserName("after")).toBeUndefined();
    const again = createEmulator({ storage: { file } });
    expect(again.store.users().map((u) => u.userName)).toEqual(["before"]);
    again.close();
  });

  it("locks the file: a second emulator on it is refused until the first closes", () => {
    const file = tempFile();
    const first = createEmulator({ storage: { file } });
    expect(JSON.parse(readFileSync(`${file}.lock`, "utf8"))).toMatchObject({
      pid: process.pid,
      nonce: expect.any(String),
    });
    expect(() => createEmulator({ storage: { file } })).toThrow(EmulatorStorageError);
    expect(() => createEmulator({ storage: { file } })).toThrow(
      new RegExp(`${file.replace(/[.\\/]/g, "\\$&")}: in use by another emulator \\(process ${process.pid}`),
    );
    first.close();
    expect(existsSync(`${file}.lock`)).toBe(false);
    const second = createEmulator({ storage: { file } });
    second.close();
    expect(readdirSync(dirname(file))).toEqual(["org.jsonl"]); // no temp or set-aside lock left behind
  });

  it("takes over a stale lock: a dead process, a bare old-format pid, our own pid not held here", () => {
    const file = tempFile();
    const dead = spawnSync(process.execPath, ["-e", ""]).pid as number;
    const stale = [
      String(dead),
      JSON.stringify({ pid: dead, thread: 0, nonce: "n" }),
      // A container restarted with the same pid: the lock names us, but we never took it.
      JSON.stringify({ pid: process.pid, thread: threadId, nonce: "from-an-earlier-run" }),
      // The same pid in an earlier process: another start time.
      JSON.stringify({ pid: process.pid, thread: threadId + 1, start: "1", nonce: "n" }),
    ];
    for (const content of stale) {
      writeFileSync(`${file}.lock`, content);
      const emulator = createEmulator({ storage: { file } });
      expect(JSON.parse(readFileSync(`${file}.lock`, "utf8")).pid).toBe(process.pid);
      emulator.close();
      expect(existsSync(`${file}.lock`)).toBe(false);
    }
  });

  it("refuses a lock of a live other process, and an empty lock younger than a few seconds", async () => {
    const file = tempFile();
    const other = spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"], { stdio: "ignore" });
    try {
      writeFileSync(`${file}.lock`, JSON.stringify({ pid: other.pid, thread: 0, nonce: "theirs" }));
      expect(() => createEmulator({ storage: { file } })).toThrow(
        `in use by another emulator (process ${other.pid}, lock file ${file}.lock)`,
      );
      // The lock is theirs: refusing it leaves it alone.
      expect(JSON.parse(readFileSync(`${file}.lock`, "utf8")).nonce).toBe("theirs");
    } finally {
      other.kill();
    }
    writeFileSync(`${file}.lock`, "");
    expect(() => createEmulator({ storage: { file } })).toThrow(
      /process unknown: the lock file is being written/,
    );
    const old = new Date(Date.now() - 60_000);
    utimesSync(`${file}.lock`, old, old);
    createEmulator({ storage: { file } }).close();
  });

  it("close() leaves alone a lock that another emulator has taken over", () => {
    const file = tempFile();
    const emulator = createEmulator({ storage: { file } });
    const theirs = JSON.stringify({ pid: process.pid, thread: threadId, nonce: "someone-else" });
    writeFileSync(`${file}.lock`, theirs);
    emulator.close();
    expect(readFileSync(`${file}.lock`, "utf8")).toBe(theirs);
  });

  it("two processes racing for one file: exactly one opens it, every time", async () => {
    const index = pathToFileURL(join(dirname(binPath), "index.js")).href;
    const script = `
      import { createEmulator } from ${JSON.stringify(index)};
      let emulator;
      try {
        emulator = createEmulator({ storage: { file: process.argv[1] } });
        process.stdout.write("open\\n");
      } catch (error) {
        process.stdout.write((/in use by another emulator/.test(error.message) ? "refused" : error.message) + "\\n");
      }
      process.stdin.on("end", () => { emulator?.close(); process.exit(0); });
      process.stdin.resume();
    `;
    for (let round = 0; round < 4; round++) {
      const file = tempFile();
      // Round 1 and 3 race over a stale lock left by a dead process.
      if (round % 2 === 1) {
        const dead = spawnSync(process.execPath, ["-e", ""]).pid as number;
        writeFileSync(`${file}.lock`, JSON.stringify({ pid: dead, thread: 0, nonce: "dead" }));
      }
      const children = [0, 1].map(() =>
        spawn(process.execPath, ["--input-type=module", "-e", script, file], {
          stdio: ["pipe", "pipe", "inherit"],
        }),
      );
      const answers = await Promise.all(
        children.map(
          (child) =>
            new Promise<string>((resolve) => {
              let out = "";
              child.stdout?.on("data", (chunk: Buffer) => {
                out += chunk.toString();
                if (out.includes("\n")) resolve(out.trim());
              });
            }),
        ),
      );
      for (const child of children) child.stdin?.end();
      await Promise.all(children.map((child) => new Promise((resolve) => child.once("exit", resolve))));
      expect(answers.sort()).toEqual(["open", "refused"]);
      expect(existsSync(`${file}.lock`)).toBe(false);
    }
  }, 20_000);

  it("names the line of a record that parses but is not a valid record, and releases the file", () => {
    const header = legacyHeader;
    const good = createEmulator({ seed: { users: 1 } }).store.users()[0];
    const cases: [string, RegExp][] = [
      ['{"u":{"id":"W1"}}', /line 2: corrupt record \(user W1: externalId is not a string\)/],
      [
        JSON.stringify({ u: { ...good, userName: 42 } }),
        /line 2: corrupt record \(user W\w+: userName is not a string\)/,
      ],
      [JSON.stringify({ u: { ...good, active: "yes" } }), /active is not a boolean/],
      [JSON.stringify({ u: { ...good, photo: 1 } }), /photo is not a string or null/],
      [JSON.stringify({ u: { ...good, address: [] } }), /address is not an object or null/],
      [JSON.stringify({ u: { ...good, admin: 1 } }), /admin is not a boolean/],
      ['{"u":[]}', /line 2: corrupt record \(a user that is not an object\)/],
      ['{"g":{"id":"S1","displayName":"x","created":"c","members":[1]}}', /group S1: members is not a list/],
      ['{"g":{"id":"S1"}}', /group S1: displayName is not a string/],
      ['{"g":"S1"}', /a group that is not an object/],
      ["[1]", /line 2: corrupt record \(not a JSON object\)/],
    ];
    for (const [line, message] of cases) {
      const file = tempFile();
      writeFileSync(file, `${header}\n${line}\n`);
      expect(() => createEmulator({ storage: { file } })).toThrow(message);
      expect(existsSync(`${file}.lock`)).toBe(false);
    }
    // A record written by an older version without a nullable field reads it as null.
    const file = tempFile();
    const { startDate: _, ...older } = good as unknown as Record<string, unknown>;
    writeFileSync(file, `${header}\n${JSON.stringify({ u: older })}\n`);
    const e = createEmulator({ storage: { file } });
    expect(e.store.users()[0]?.startDate).toBeNull();
    e.close();
  });

  it("refuses a directory or an unreachable path with EmulatorStorageError", () => {
    const dir = tempFile();
    mkdirSync(dir);
    expect(() => createEmulator({ storage: { file: dir } })).toThrow(EmulatorStorageError);
    expect(() => createEmulator({ storage: { file: dir } })).toThrow(/cannot open: EISDIR/);
    expect(existsSync(`${dir}.lock`)).toBe(false);
    const missing = join(tempFile(), "no", "such.jsonl");
    expect(() => createEmulator({ storage: { file: missing } })).toThrow(/cannot create the lock file/);
  });

  it("cuts a write that fails part-way (full disk) back to the last line and answers 503", async () => {
    const file = tempFile();
    // Under `ulimit -f 4`, a write past 4 KiB is cut short, then fails with EFBIG, as on a full disk.
    const bin = await spawnBin(["--port", "0", "--file", file], { fileSizeLimitKB: 4 });
    const headers = { authorization: `Bearer ${bin.token}`, "content-type": "application/json" };
    const acked: string[] = [];
    let failed: { status: number; body: string } | undefined;
    for (let i = 0; i < 40 && !failed; i++) {
      const body = JSON.stringify(newUser1(`full${i}`));
      const res = await fetch(`${bin.url}/scim/v1/Users`, { method: "POST", headers, body });
      if (res.status === 201) acked.push(((await res.json()) as { id: string }).id);
      else failed = { status: res.status, body: await res.text() };
    }
    expect(failed?.status).toBe(503);
    expect(failed?.body).toMatch(/write failed .*the write was not applied/);
    const again = await fetch(`${bin.url}/scim/v1/Users`, {
      method: "POST",
      headers,
      body: JSON.stringify(newUser1("full-again")),
    });
    expect(again.status).toBe(503);
    bin.child.kill("SIGKILL");
    await bin.exited;
    const text = readFileSync(file, "utf8");
    expect(text.endsWith("\n")).toBe(true);
    const reopened = createEmulator({ storage: { file } });
    expect(reopened.store.users().map((u) => u.id)).toEqual(acked);
    reopened.close();
  });
});
