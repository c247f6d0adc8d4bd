import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createEmulator, type Emulator, EmulatorStorageError, journalHeader } from "../src/index.js";
import { journalFs, nodeJournalFs } from "../src/store/fs-ops.js";
import { Journal } from "../src/store/journal.js";
import { newHeader } from "../src/store/journal-format.js";
import { newUser2 } from "./helpers/server.js";

/** Failures of the disk, injected through the journal's file-system seam, and the replies they must give. */
const dirs: string[] = [];
afterEach(() => {
  Object.assign(journalFs, nodeJournalFs);
  while (dirs.length > 0) rmSync(dirs.pop() as string, { recursive: true, force: true });
});

function tempFile(): string {
  const dir = mkdtempSync(join(tmpdir(), "scim-fail-"));
  dirs.push(dir);
  return join(dir, "org.jsonl");
}

const errno = (code: string) => Object.assign(new Error(`${code}: injected`), { code });

async function create(e: Emulator, userName: string): Promise<{ status: number; body: string }> {
  const res = await e.fetch(
    new Request("http://scim.test/scim/v2/Users", {
      method: "POST",
      headers: { authorization: `Bearer ${e.adminToken}` },
      body: JSON.stringify(newUser2(userName)),
    }),
  );
  return { status: res.status, body: await res.text() };
}

describe("journal failures", () => {
  it("a failed append is cut back and answered 503; one that cannot be cut back fails every later write", async () => {
    const file = tempFile();
    const e = createEmulator({ storage: { file } });
    expect((await create(e, "kept")).status).toBe(201);
    const size = statSync(file).size;
    journalFs.fdatasyncSync = () => {
      throw errno("EIO");
    };
    const failed = await create(e, "lost");
    expect(failed.status).toBe(503);
    expect(failed.body).toMatch(/write failed \(EIO: injected\); the write was not applied/);
    expect(statSync(file).size).toBe(size);
    expect(e.store.findUserByUserName("lost")).toBeUndefined();

    journalFs.ftruncateSync = () => {
      throw errno("EIO");
    };
    expect((await create(e, "lost2")).status).toBe(503);
    Object.assign(journalFs, nodeJournalFs);
    const after = await create(e, "after");
    expect(after.status).toBe(503);
    expect(after.body).toMatch(/could not be cut back; restart the emulator/);
    e.close();
  });

  it("a snapshot that fails part-way leaves the journal in use and no temp file behind", async () => {
    const file = tempFile();
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.message);
    process.on("warning", onWarning);
    const e = createEmulator({ storage: { file, compactEvery: 1 } });
    try {
      const write = journalFs.writeSync;
      const paths = new Map<number, string>();
      const open = journalFs.openSync;
      journalFs.openSync = (path, flags) => {
        const fd = open(path, flags);
        paths.set(fd, path);
        return fd;
      };
      journalFs.writeSync = (fd, buffer, offset, length) => {
        if (paths.get(fd)?.includes(".tmp-")) throw errno("ENOSPC");
        return write(fd, buffer, offset, length);
      };
      for (let i = 0; i < 3; i++) expect((await create(e, `w${i}`)).status).toBe(201);
    } finally {
      Object.assign(journalFs, nodeJournalFs);
      e.close();
      await new Promise((resolve) => setImmediate(resolve));
      process.off("warning", onWarning);
    }
    expect(warnings.some((w) => w.includes("compacting") && w.includes("ENOSPC"))).toBe(true);
    expect(readdirSync(dirname(file)).filter((name) => name.includes(".tmp-"))).toEqual([]);
    const again = createEmulator({ storage: { file } });
    expect(again.store.users().map((u) => u.userName)).toEqual(["w0", "w1", "w2"]);
    again.close();
  });

  it("a directory the platform will not open for a sync is skipped; any other error fails the open", () => {
    const file = tempFile();
    const open = journalFs.openSync;
    journalFs.openSync = (path, flags) => {
      if (path === dirname(file)) throw errno("EPERM");
      return open(path, flags);
    };
    createEmulator({ storage: { file } }).close();
    const other = tempFile();
    journalFs.openSync = (path, flags) => {
      if (path === dirname(other)) throw errno("EIO");
      return open(path, flags);
    };
    expect(() => createEmulator({ storage: { file: other } })).toThrow(/cannot open: EIO: injected/);
    expect(existsSync(`${other}.lock`)).toBe(false);
  });

  it("a closed journal refuses appends, and close and compact after close do nothing", () => {
    const file = tempFile();
    const { journal } = Journal.open(file);
    journal.close();
    journal.close();
    journal.compact([], []);
    expect(() => journal.append({ dg: "S1" })).toThrow(new EmulatorStorageError(file, "the store is closed"));
  });

  it("refuses a copy aside that does not hold what was read, and cuts nothing", () => {
    const file = tempFile();
    const header = newHeader();
    const torn = `${header.line}\n{"n":1,"u":{"id`;
    writeFileSync(file, torn);
    journalFs.copyFileSync = (from, to) => writeFileSync(to, `${readFileSync(from, "utf8")}changed`);
    expect(() => createEmulator({ storage: { file } })).toThrow(
      /differs from the file read; refusing to cut it/,
    );
    expect(readFileSync(file, "utf8")).toBe(torn);
  });

  it("names a version-2 line that is not a record, or has no sequence number or checksum", () => {
    const header = newHeader().line;
    for (const [line, message] of [
      ["[1]", /line 2: not a JSON record/],
      ['{"dg":"S1"}', /line 2: no sequence number or checksum/],
      ['{"n":1,"dg":"S1","h":"short"}', /line 2: no sequence number or checksum/],
    ] as const) {
      const file = tempFile();
      writeFileSync(file, `${header}\n${line}\n`);
      expect(() => createEmulator({ storage: { file } })).toThrow(message);
    }
  });

  it("treats an empty file as a new store, and skips blank lines in a version-1 journal", () => {
    const empty = tempFile();
    writeFileSync(empty, "");
    const e = createEmulator({ storage: { file: empty }, seed: { users: 2 } });
    expect(e.store.userCount).toBe(2);
    e.close();
    const legacy = tempFile();
    writeFileSync(legacy, `${JSON.stringify({ ...journalHeader, version: 1 })}\n\n{"dg":"S1"}\n\n`);
    const l = createEmulator({ storage: { file: legacy } });
    expect(l.store.groupCount).toBe(0);
    l.close();
  });
});
