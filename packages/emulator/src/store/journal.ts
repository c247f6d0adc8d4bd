import {
  closeSync,
  existsSync,
  fdatasyncSync,
  fsyncSync,
  ftruncateSync,
  openSync,
  readFileSync,
  renameSync,
  writeSync,
} from "node:fs";
import { dirname } from "node:path";
import type { GroupRecord, UserRecord } from "./records.js";

/** The first line of every store file; identifies the format and its version. */
export const journalHeader = { format: "slack-scim-emulator/journal", version: 1 } as const;

/** A store file that cannot be read: foreign, corrupt or of a newer format. Never silently an empty org. */
export class EmulatorStorageError extends Error {
  /** The file concerned. */
  readonly file: string;
  constructor(file: string, message: string) {
    super(`slack-scim-emulator: ${file}: ${message}`);
    this.name = "EmulatorStorageError";
    this.file = file;
  }
}

/** One journal line after the header. */
export type JournalEntry = { u: UserRecord } | { g: GroupRecord } | { dg: string } | { clear: true };

/** What a replay found. */
export interface Replay {
  users: Map<string, UserRecord>;
  groups: Map<string, GroupRecord>;
  /** Lines after the header (live and superseded). */
  lines: number;
  /** A torn last line (a crash mid-write) was cut off. */
  repaired: boolean;
}

/**
 * An append-only journal: a header line, then one JSON line per acknowledged write, each fsynced before the
 * write is answered. A crash can only tear the last line, which was never acknowledged; it is cut off on open.
 * Any other unreadable line, or a missing header, is an error. Compaction rewrites the live records to a temp
 * file, fsyncs it, renames it over the journal and fsyncs the directory.
 */
export class Journal {
  readonly file: string;
  #fd: number;
  /** Lines appended since the last compaction (or open). */
  lines: number;

  private constructor(file: string, fd: number, lines: number) {
    this.file = file;
    this.#fd = fd;
    this.lines = lines;
  }

  /** Opens (or creates) a journal and replays it. */
  static open(file: string): { journal: Journal; replay: Replay } {
    const replay = existsSync(file) ? Journal.#read(file) : undefined;
    if (!replay) Journal.#writeSnapshot(file, [], []);
    const fd = openSync(file, "a");
    const empty: Replay = { users: new Map(), groups: new Map(), lines: 0, repaired: false };
    return { journal: new Journal(file, fd, replay?.lines ?? 0), replay: replay ?? empty };
  }

  static #read(file: string): Replay | undefined {
    const buffer = readFileSync(file);
    if (buffer.length === 0) return undefined;
    const text = buffer.toString("utf8");
    const lastNewline = text.lastIndexOf("\n");
    if (lastNewline < 0) {
      throw new EmulatorStorageError(
        file,
        "not a slack-scim-emulator store (no header line); refusing to use it",
      );
    }
    const header = parseLine(text.slice(0, text.indexOf("\n")));
    if (
      !header ||
      typeof header !== "object" ||
      (header as { format?: unknown }).format !== journalHeader.format
    ) {
      throw new EmulatorStorageError(
        file,
        "not a slack-scim-emulator store (unknown header); refusing to use it",
      );
    }
    const version = (header as { version?: unknown }).version;
    if (version !== journalHeader.version) {
      throw new EmulatorStorageError(file, `store format version ${String(version)} is not supported`);
    }
    const replay: Replay = { users: new Map(), groups: new Map(), lines: 0, repaired: false };
    const body = text.slice(text.indexOf("\n") + 1, lastNewline + 1);
    let lineNumber = 1;
    for (const line of body.split("\n")) {
      lineNumber++;
      if (line === "") continue;
      const entry = parseLine(line) as JournalEntry | undefined;
      if (!entry || typeof entry !== "object" || !apply(replay, entry)) {
        throw new EmulatorStorageError(file, `corrupt record on line ${lineNumber}; refusing to use it`);
      }
      replay.lines++;
    }
    if (lastNewline + 1 < buffer.length) {
      // Bytes after the last newline are a write that never completed, so never acknowledged: cut them.
      const fd = openSync(file, "r+");
      ftruncateSync(fd, Buffer.byteLength(text.slice(0, lastNewline + 1)));
      fsyncSync(fd);
      closeSync(fd);
      replay.repaired = true;
    }
    return replay;
  }

  /** Appends one entry and fsyncs it; only then may the write be acknowledged. */
  append(entry: JournalEntry): void {
    writeSync(this.#fd, `${JSON.stringify(entry)}\n`);
    fdatasyncSync(this.#fd);
    this.lines++;
  }

  /** Rewrites the journal as a snapshot of the live records (atomically, via rename). */
  compact(users: readonly UserRecord[], groups: readonly GroupRecord[]): void {
    Journal.#writeSnapshot(this.file, users, groups);
    closeSync(this.#fd);
    this.#fd = openSync(this.file, "a");
    this.lines = 0;
  }

  /** Closes the file. */
  close(): void {
    closeSync(this.#fd);
  }

  static #writeSnapshot(file: string, users: readonly UserRecord[], groups: readonly GroupRecord[]): void {
    const temp = `${file}.tmp-${process.pid}`;
    const fd = openSync(temp, "w");
    const chunk: string[] = [JSON.stringify(journalHeader)];
    const flush = () => {
      writeSync(fd, `${chunk.join("\n")}\n`);
      chunk.length = 0;
    };
    for (const u of users) {
      chunk.push(JSON.stringify({ u }));
      if (chunk.length >= 1000) flush();
    }
    for (const g of groups) chunk.push(JSON.stringify({ g }));
    if (chunk.length > 0) flush();
    fsyncSync(fd);
    closeSync(fd);
    renameSync(temp, file);
    const dir = openSync(dirname(file), "r");
    try {
      fsyncSync(dir);
    } finally {
      closeSync(dir);
    }
  }
}

function parseLine(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    return undefined;
  }
}

function apply(replay: Replay, entry: JournalEntry): boolean {
  if ("u" in entry && typeof entry.u?.id === "string") replay.users.set(entry.u.id, entry.u);
  else if ("g" in entry && typeof entry.g?.id === "string") replay.groups.set(entry.g.id, entry.g);
  else if ("dg" in entry && typeof entry.dg === "string") replay.groups.delete(entry.dg);
  else if ("clear" in entry && entry.clear === true) {
    replay.users.clear();
    replay.groups.clear();
  } else return false;
  return true;
}
