import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createEmulator } from "../src/index.js";
import { type JournalFs, journalFs, nodeJournalFs } from "../src/store/fs-ops.js";
import { newUser1, newUser2, start, urn } from "./helpers/server.js";

/**
 * A SIGKILL keeps the page cache, so no crash test can tell whether a write reached the disk before its answer.
 * These tests watch the journal's file-system calls instead (the `journalFs` seam): every byte written must be
 * flushed (fdatasync / fsync) before the HTTP answer leaves, and a snapshot before it is renamed into place.
 */
interface Watch {
  /** fds written since their last sync, with their paths. */
  dirty: Map<number, string>;
  /** Paths closed while holding unsynced writes. */
  closedDirty: Set<string>;
  writes: number;
  renames: { from: string; to: string; sourceSynced: boolean }[];
  /** Events in order: "rename", "dirsync". */
  events: string[];
}

function watchFs(): Watch {
  const watch: Watch = { dirty: new Map(), closedDirty: new Set(), writes: 0, renames: [], events: [] };
  const paths = new Map<number, string>();
  const real = nodeJournalFs;
  const wrapped: Partial<JournalFs> = {
    openSync(path, flags) {
      const fd = real.openSync(path, flags);
      paths.set(fd, path);
      watch.closedDirty.delete(path);
      return fd;
    },
    writeSync(fd, buffer, offset, length) {
      watch.writes++;
      watch.dirty.set(fd, paths.get(fd) ?? "?");
      return real.writeSync(fd, buffer, offset, length);
    },
    fdatasyncSync(fd) {
      real.fdatasyncSync(fd);
      watch.dirty.delete(fd);
    },
    fsyncSync(fd) {
      real.fsyncSync(fd);
      watch.dirty.delete(fd);
    },
    fsyncDirectory(fd) {
      real.fsyncDirectory(fd);
      watch.events.push("dirsync");
    },
    closeSync(fd) {
      const path = watch.dirty.get(fd);
      if (path !== undefined) watch.closedDirty.add(path);
      watch.dirty.delete(fd);
      paths.delete(fd);
      real.closeSync(fd);
    },
    renameSync(from, to) {
      watch.renames.push({ from, to, sourceSynced: !watch.closedDirty.has(from) });
      watch.events.push("rename");
      real.renameSync(from, to);
    },
  };
  Object.assign(journalFs, wrapped);
  return watch;
}

const dirs: string[] = [];
afterEach(() => {
  Object.assign(journalFs, nodeJournalFs);
  while (dirs.length > 0) rmSync(dirs.pop() as string, { recursive: true, force: true });
});

function tempFile(): string {
  const dir = mkdtempSync(join(tmpdir(), "scim-sync-"));
  dirs.push(dir);
  return join(dir, "org.jsonl");
}

describe("journal durability, seen through its file-system calls", () => {
  it("flushes every write to disk before the HTTP answer, for each kind of write", async () => {
    const file = tempFile();
    const t = await start({ storage: { file } });
    const watch = watchFs();
    const writes: [1 | 2, string, string, unknown?][] = [];
    const checkAnswered = async (version: 1 | 2, method: string, path: string, body?: unknown) => {
      const before = watch.writes;
      const res = await t.call(version, method, path, body);
      expect(res.status, `${method} ${path}`).toBeLessThan(300);
      // The answer has arrived: whatever the write put in the file must already be flushed.
      expect(watch.writes, `${method} ${path} wrote nothing`).toBeGreaterThan(before);
      expect([...watch.dirty.values()], `${method} ${path} answered before its sync`).toEqual([]);
      writes.push([version, method, path, body]);
      return res.json;
    };
    const user = await checkAnswered(2, "POST", "Users", newUser2("synced"));
    await checkAnswered(1, "PATCH", `Users/${user.id}`, { schemas: [urn.core1], title: "t" });
    await checkAnswered(1, "PUT", `Users/${user.id}`, newUser1("synced"));
    const group = await checkAnswered(2, "POST", "Groups", {
      schemas: [urn.group2],
      displayName: "g",
      members: [{ value: user.id }],
    });
    await checkAnswered(2, "DELETE", `Groups/${group.id}`);
    await checkAnswered(2, "DELETE", `Users/${user.id}`);
    expect(writes).toHaveLength(6);
  });

  it("flushes a snapshot before renaming it over the journal, then flushes the directory", async () => {
    const file = tempFile();
    const watch = watchFs();
    // A new file seeded: the seed is written as a snapshot.
    const e = createEmulator({ storage: { file, compactEvery: 2 }, seed: { users: 3 } });
    const snapshots = watch.renames.length;
    expect(snapshots).toBeGreaterThan(0);
    // Writes past compactEvery and the number of live records: a compaction, inside the write, before the answer.
    const id = e.store.users()[0]?.id as string;
    for (let i = 0; i < 8; i++) {
      const res = await e.fetch(
        new Request(`http://scim.test/scim/v1/Users/${id}`, {
          method: "PATCH",
          headers: { authorization: `Bearer ${e.adminToken}` },
          body: JSON.stringify({ schemas: [urn.core1], title: `t${i}` }),
        }),
      );
      expect(res.status).toBe(200);
      expect([...watch.dirty.values()]).toEqual([]);
    }
    e.close();
    expect(watch.renames.length).toBeGreaterThan(snapshots);
    for (const rename of watch.renames) {
      expect(rename.to).toBe(file);
      expect(rename.sourceSynced, `${rename.from} renamed before it was flushed`).toBe(true);
    }
    // Every rename is followed by a directory sync before anything else is renamed.
    expect(watch.events.join(" ")).toMatch(/^(rename dirsync ?)+$/);
  });

  it("flushes the clean-close mark, and the newline added to a complete last record", () => {
    const file = tempFile();
    const e = createEmulator({ storage: { file }, seed: { users: 1 } });
    const watch = watchFs();
    e.close();
    expect(watch.writes).toBe(1);
    expect(watch.closedDirty.size).toBe(0);
    writeFileSync(file, readFileSync(file, "utf8").trimEnd());
    const again = createEmulator({ storage: { file } });
    expect(watch.writes).toBe(2);
    expect(watch.closedDirty.size).toBe(0);
    again.close();
  });
});
