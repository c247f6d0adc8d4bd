import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createEmulator, EmulatorStorageError, journalHeader } from "../src/index.js";
import { spawnBin } from "./helpers/child.js";
import { newUser1, newUser2, start, urn } from "./helpers/server.js";

const dirs: string[] = [];
function tempFile(): string {
  const dir = mkdtempSync(join(tmpdir(), "scim-emu-"));
  dirs.push(dir);
  return join(dir, "org.jsonl");
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
    expect(JSON.parse(lines[0] as string)).toEqual(journalHeader);
    const again = createEmulator({ storage: { file } });
    expect(again.store.userCount).toBe(12);
    expect(again.store.getUser(id as string)?.title).toBe("t6");
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
    writeFileSync(corrupt, `${JSON.stringify(journalHeader)}\n{"u":{"id":"W1"}}\nnot json\n{"dg":"S1"}\n`);
    expect(() => createEmulator({ storage: { file: corrupt } })).toThrow(/corrupt record on line 3/);
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
    writeFileSync(unknownEntry, `${JSON.stringify(journalHeader)}\n{"x":1}\n`);
    expect(() => createEmulator({ storage: { file: unknownEntry } })).toThrow(/corrupt record on line 2/);
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
});
