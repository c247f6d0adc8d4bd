import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createEmulator, type Emulator, EmulatorStorageError, journalHeader } from "../src/index.js";
import { encodeRecord, newHeader } from "../src/store/journal-format.js";
import { newUser2 } from "./helpers/server.js";

const dirs: string[] = [];
afterEach(() => {
  while (dirs.length > 0) rmSync(dirs.pop() as string, { recursive: true, force: true });
});

function tempFile(): string {
  const dir = mkdtempSync(join(tmpdir(), "scim-journal-"));
  dirs.push(dir);
  return join(dir, "org.jsonl");
}

/** Creates users through the API into a journal, closes it cleanly and returns the file's lines. */
async function journalWith(file: string, userNames: string[]): Promise<string[]> {
  const e = createEmulator({ storage: { file } });
  for (const userName of userNames) {
    const res = await e.fetch(
      new Request("http://scim.test/scim/v2/Users", {
        method: "POST",
        headers: { authorization: `Bearer ${e.adminToken}` },
        body: JSON.stringify(newUser2(userName)),
      }),
    );
    expect(res.status).toBe(201);
  }
  e.close();
  return readFileSync(file, "utf8").split("\n");
}

/** Runs `fn` and returns the messages of the warnings it emitted. */
async function warningsOf(fn: () => void): Promise<string[]> {
  const warnings: string[] = [];
  const listen = (w: Error) => warnings.push(w.message);
  process.on("warning", listen);
  try {
    fn();
    await new Promise((resolve) => setImmediate(resolve));
  } finally {
    process.off("warning", listen);
  }
  return warnings;
}

function open(file: string): Emulator {
  return createEmulator({ storage: { file } });
}

const userNames = (e: Emulator) => e.store.users().map((u) => u.userName);

describe("journal integrity: every record is numbered and checksummed in a chain", () => {
  it("writes the version-2 header and a sequence number and checksum on every record", async () => {
    const file = tempFile();
    const lines = await journalWith(file, ["ada", "grace"]);
    expect(JSON.parse(lines[0] as string)).toEqual({
      ...journalHeader,
      chain: expect.stringMatching(/^[0-9a-f]{16}$/),
    });
    expect(journalHeader.version).toBe(2);
    const records = lines.slice(1, -1).map((line) => JSON.parse(line));
    expect(records.map((r) => r.n)).toEqual([1, 2, 3]);
    expect(records.every((r) => /^[0-9a-f]{16}$/.test(r.h))).toBe(true);
    // The clean-close mark ends the file.
    expect(records[2]).toMatchObject({ end: true });
    expect(lines.at(-1)).toBe("");
  });

  it("refuses an edited record, naming the file and line, and leaves the file as it was", async () => {
    const file = tempFile();
    const lines = await journalWith(file, ["ada", "grace", "alan"]);
    const edited = lines.map((line) => line.replace('"userName":"grace"', '"userName":"hopper"'));
    writeFileSync(file, edited.join("\n"));
    const before = readFileSync(file);
    expect(() => open(file)).toThrow(EmulatorStorageError);
    expect(() => open(file)).toThrow(
      `${file}: line 3: checksum mismatch: record 2 was edited; refusing to use it`,
    );
    expect(readFileSync(file).equals(before)).toBe(true);
    expect(readdirSync(dirname(file))).toEqual(["org.jsonl"]);
  });

  it("refuses a journal with records cut out of the middle, or repeated", async () => {
    const file = tempFile();
    const lines = await journalWith(file, ["a1", "a2", "a3", "a4", "a5"]);
    writeFileSync(file, [...lines.slice(0, 2), ...lines.slice(4)].join("\n"));
    expect(() => open(file)).toThrow(/line 3: record 4 where 2 was expected: records 2 to 3 are missing/);
    writeFileSync(file, [...lines.slice(0, 2), ...lines.slice(3)].join("\n"));
    expect(() => open(file)).toThrow(/line 3: record 3 where 2 was expected: record 2 is missing/);
    writeFileSync(file, [...lines.slice(0, 3), lines[2], ...lines.slice(3)].join("\n"));
    expect(() => open(file)).toThrow(/line 4: record 2 where 3 was expected: a record repeated or moved/);
    writeFileSync(file, [lines[0], "", ...lines.slice(1)].join("\n"));
    expect(() => open(file)).toThrow(/line 2: an empty line/);
  });

  it("reports a journal cut at a line boundary after its last record (no clean-close mark), naming the line", async () => {
    const file = tempFile();
    const lines = await journalWith(file, ["b1", "b2", "b3"]);
    // Keep the header and two records: the third record and the close mark are gone.
    writeFileSync(file, `${lines.slice(0, 3).join("\n")}\n`);
    let e: Emulator | undefined;
    const warnings = await warningsOf(() => {
      e = open(file);
    });
    expect(userNames(e as Emulator)).toEqual(["b1", "b2"]);
    e?.close();
    expect(warnings).toEqual([
      `slack-scim-emulator: ${file}: the last record (line 3) is not a clean-close mark: the emulator was ` +
        "stopped without closing (killed, crashed), or records after that line were cut off",
    ]);
    // Closed cleanly since: no warning on the next open.
    expect(await warningsOf(() => open(file).close())).toEqual([]);
  });

  it("keeps a complete last record that lost its newline, adds the newline and says so", async () => {
    const file = tempFile();
    const lines = await journalWith(file, ["c1", "c2"]);
    // Drop the close mark and the final newline: the last record is whole.
    writeFileSync(file, lines.slice(0, 3).join("\n"));
    let e: Emulator | undefined;
    const warnings = await warningsOf(() => {
      e = open(file);
    });
    expect(userNames(e as Emulator)).toEqual(["c1", "c2"]);
    e?.close();
    expect(warnings).toEqual([
      `slack-scim-emulator: ${file}: line 3 is a complete record without its final newline; kept, and the newline added`,
    ]);
    const after = readFileSync(file, "utf8").split("\n");
    expect(after.slice(0, 3)).toEqual(lines.slice(0, 3));
    expect(JSON.parse(after[3] as string)).toMatchObject({ n: 3, end: true });
  });

  it("cuts a torn last record only after copying the file aside, and names the line and the copy", async () => {
    const file = tempFile();
    const lines = await journalWith(file, ["d1", "d2"]);
    const torn = `${lines.slice(0, 3).join("\n")}\n${(lines[3] as string).slice(0, 25)}`;
    writeFileSync(file, torn);
    let e: Emulator | undefined;
    const warnings = await warningsOf(() => {
      e = open(file);
    });
    expect(userNames(e as Emulator)).toEqual(["d1", "d2"]);
    e?.close();
    const copies = readdirSync(dirname(file)).filter((name) => name.startsWith("org.jsonl.damaged-"));
    expect(copies).toHaveLength(1);
    const copy = join(dirname(file), copies[0] as string);
    expect(readFileSync(copy, "utf8")).toBe(torn);
    expect(warnings).toEqual([
      `slack-scim-emulator: ${file}: line 4 was an incomplete record (a write cut short, never acknowledged) and ` +
        `was cut off; the file as found is kept as ${copy}`,
    ]);
    expect(readFileSync(file, "utf8").startsWith(`${lines.slice(0, 3).join("\n")}\n`)).toBe(true);
  });

  it("refuses a last line that is whole JSON but breaks the chain (edited, not torn), and cuts nothing", async () => {
    const file = tempFile();
    const lines = await journalWith(file, ["e1"]);
    const edited = `${lines[0]}\n${(lines[1] as string).replace('"e1"', '"e2"')}`;
    writeFileSync(file, edited);
    expect(() => open(file)).toThrow(/line 2: checksum mismatch: record 1 was edited/);
    expect(readFileSync(file, "utf8")).toBe(edited);
  });

  it("checks the store's invariants after a load: no two users share a userName or an email", () => {
    const template = createEmulator({ seed: { users: 3 } }).store.users();
    const [a, b] = template as unknown as [Record<string, unknown>, Record<string, unknown>];
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ ...b, userName: String(a["userName"]).toUpperCase() }, /share the userName/],
      [{ ...b, primaryEmail: String(a["primaryEmail"]).toUpperCase() }, /share the email/],
      [{ ...b, secondaryEmail: a["primaryEmail"] }, /share the email/],
    ];
    for (const [second, message] of cases) {
      const file = tempFile();
      const header = newHeader();
      const one = encodeRecord(header.chain, { u: a });
      const two = encodeRecord(one.chain, { u: second });
      writeFileSync(file, `${header.line}\n${one.line}\n${two.line}\n`);
      expect(() => open(file)).toThrow(message);
      expect(() => open(file)).toThrow(
        new RegExp(`${file}: users ${String(a["id"])} \\(line 2\\) and ${String(b["id"])} \\(line 3\\)`),
      );
    }
  });

  it("still reads a version-1 journal (no checksums), then rewrites it as version 2", () => {
    const file = tempFile();
    const [u] = createEmulator({ seed: { users: 1 } }).store.users();
    const legacy = `${JSON.stringify({ ...journalHeader, version: 1 })}\n${JSON.stringify({ u })}\n`;
    writeFileSync(file, legacy);
    const e = open(file);
    expect(e.store.users()).toEqual([u]);
    e.close();
    const [header, record] = readFileSync(file, "utf8").split("\n");
    expect(JSON.parse(header as string).version).toBe(2);
    expect(JSON.parse(record as string)).toMatchObject({ n: 1, u: { id: u?.id }, h: expect.any(String) });
    const again = open(file);
    expect(again.store.users()).toEqual([u]);
    again.close();
  });

  it("a version-1 journal with a torn tail: cut after a copy, the complete last record kept", () => {
    const file = tempFile();
    const [u, v] = createEmulator({ seed: { users: 2 } }).store.users();
    const header = JSON.stringify({ ...journalHeader, version: 1 });
    writeFileSync(file, `${header}\n${JSON.stringify({ u })}\n${JSON.stringify({ u: v })}`);
    const kept = open(file);
    expect(kept.store.userCount).toBe(2);
    kept.close();
    const file2 = tempFile();
    writeFileSync(file2, `${header}\n${JSON.stringify({ u })}\n{"u":{"id":"W`);
    const cut = open(file2);
    expect(cut.store.userCount).toBe(1);
    cut.close();
    expect(readdirSync(dirname(file2)).some((name) => name.startsWith("org.jsonl.damaged-"))).toBe(true);
  });
});
