import { randomBytes } from "node:crypto";
import {
  closeSync,
  existsSync,
  fdatasyncSync,
  fstatSync,
  fsyncSync,
  ftruncateSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeSync,
} from "node:fs";
import { dirname } from "node:path";
import { acquireFileLock, LockError, releaseFileLock } from "./lock.js";
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
 * file, fsyncs it, renames it over the journal and fsyncs the directory (where the platform allows). While open,
 * the journal holds `<file>.lock` (see {@link acquireFileLock}), so a second emulator cannot write the same file.
 */
export class Journal {
  readonly file: string;
  #fd: number | undefined;
  /** Bytes of complete lines: a failed append is cut back to this. */
  #size: number;
  /** Set when a failed append could not be cut back: every later append fails. */
  #broken: string | undefined;
  /** Lines appended since the last compaction (or open). */
  lines: number;
  /** The lock file's content, compared before the lock is removed. */
  #lock: string;

  /**
   * Test-only seam: the directory fsync after a snapshot's rename (to inject the failures some platforms and
   * filesystems give). Not part of the public API.
   */
  static hooks = { fsyncDirectory: (fd: number): void => fsyncSync(fd) };

  private constructor(file: string, fd: number, lines: number, lock: string) {
    this.file = file;
    this.#fd = fd;
    this.#lock = lock;
    this.#size = fstatSync(fd).size;
    this.lines = lines;
  }

  /** Opens (or creates) a journal, takes its lock file and replays it. */
  static open(file: string): { journal: Journal; replay: Replay } {
    const lock = acquireLock(file);
    let fd: number | undefined;
    try {
      const replay = Journal.#read(file);
      if (!replay) Journal.#writeSnapshot(file, [], [])();
      fd = openSync(file, "a");
      const empty: Replay = { users: new Map(), groups: new Map(), lines: 0, repaired: false };
      return { journal: new Journal(file, fd, replay?.lines ?? 0, lock), replay: replay ?? empty };
    } catch (error) {
      if (fd !== undefined) closeSync(fd);
      releaseFileLock(file, lock);
      throw storageError(file, error, "cannot open");
    }
  }

  static #read(file: string): Replay | undefined {
    if (!existsSync(file)) return undefined;
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
    if (!isRecord(header) || header["format"] !== journalHeader.format) {
      throw new EmulatorStorageError(
        file,
        "not a slack-scim-emulator store (unknown header); refusing to use it",
      );
    }
    const version = header["version"];
    if (version !== journalHeader.version) {
      throw new EmulatorStorageError(file, `store format version ${String(version)} is not supported`);
    }
    const replay: Replay = { users: new Map(), groups: new Map(), lines: 0, repaired: false };
    const body = text.slice(text.indexOf("\n") + 1, lastNewline + 1);
    let lineNumber = 1;
    for (const line of body.split("\n")) {
      lineNumber++;
      if (line === "") continue;
      const problem = apply(replay, parseLine(line));
      if (problem !== undefined) {
        throw new EmulatorStorageError(
          file,
          `corrupt record on line ${lineNumber} (${problem}); refusing to use it`,
        );
      }
      replay.lines++;
    }
    if (lastNewline + 1 < buffer.length) {
      // Bytes after the last newline are a write that never completed, so never acknowledged: cut them.
      const fd = openSync(file, "r+");
      try {
        ftruncateSync(fd, Buffer.byteLength(text.slice(0, lastNewline + 1)));
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      replay.repaired = true;
    }
    return replay;
  }

  /**
   * Appends one entry and fsyncs it; only then may the write be acknowledged. A failed or partial write (a full
   * disk) is cut back to the last complete line and throws {@link EmulatorStorageError}; after close it throws too.
   */
  append(entry: JournalEntry): void {
    const fd = this.#fd;
    if (fd === undefined) throw new EmulatorStorageError(this.file, "the store is closed");
    if (this.#broken !== undefined) throw new EmulatorStorageError(this.file, this.#broken);
    const data = Buffer.from(`${JSON.stringify(entry)}\n`);
    try {
      let offset = 0;
      while (offset < data.length) offset += writeSync(fd, data, offset, data.length - offset);
      fdatasyncSync(fd);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      try {
        ftruncateSync(fd, this.#size);
      } catch {
        this.#broken = `a failed write (${reason}) could not be cut back; restart the emulator`;
      }
      throw new EmulatorStorageError(this.file, `write failed (${reason}); the write was not applied`);
    }
    this.#size += data.length;
    this.lines++;
  }

  /**
   * Rewrites the journal as a snapshot of the live records (atomically, via rename). A failure before the rename
   * leaves the old journal in use; once renamed, the new file is reopened whatever the directory fsync says.
   */
  compact(users: readonly UserRecord[], groups: readonly GroupRecord[]): void {
    if (this.#fd === undefined) return;
    const synced = Journal.#writeSnapshot(this.file, users, groups);
    closeSync(this.#fd);
    this.#fd = openSync(this.file, "a");
    this.#size = fstatSync(this.#fd).size;
    this.#broken = undefined;
    this.lines = 0;
    synced();
  }

  /** Closes the file and releases the lock; later appends throw. */
  close(): void {
    if (this.#fd === undefined) return;
    closeSync(this.#fd);
    this.#fd = undefined;
    releaseFileLock(this.file, this.#lock);
  }

  /**
   * Writes a snapshot to a temp file, fsyncs it and renames it over `file`. Returns the directory fsync, for the
   * caller to run once it has reopened the new file (unsupported there: ignored).
   */
  static #writeSnapshot(
    file: string,
    users: readonly UserRecord[],
    groups: readonly GroupRecord[],
  ): () => void {
    const temp = `${file}.tmp-${process.pid}-${randomBytes(4).toString("hex")}`;
    const fd = openSync(temp, "w");
    try {
      const chunk: string[] = [JSON.stringify(journalHeader)];
      const flush = () => {
        const data = Buffer.from(`${chunk.join("\n")}\n`);
        let offset = 0;
        while (offset < data.length) offset += writeSync(fd, data, offset, data.length - offset);
        chunk.length = 0;
      };
      for (const u of users) {
        chunk.push(JSON.stringify({ u }));
        if (chunk.length >= 1000) flush();
      }
      for (const g of groups) chunk.push(JSON.stringify({ g }));
      if (chunk.length > 0) flush();
      fsyncSync(fd);
    } catch (error) {
      closeSync(fd);
      rmSync(temp, { force: true });
      throw error;
    }
    closeSync(fd);
    renameSync(temp, file);
    return () => fsyncDirectory(dirname(file));
  }
}

function storageError(file: string, error: unknown, what: string): EmulatorStorageError {
  if (error instanceof EmulatorStorageError) return error;
  return new EmulatorStorageError(file, `${what}: ${error instanceof Error ? error.message : String(error)}`);
}

/** Takes the file's lock, as an {@link EmulatorStorageError} when it cannot. */
function acquireLock(file: string): string {
  try {
    return acquireFileLock(file);
  } catch (error) {
    if (error instanceof LockError) throw new EmulatorStorageError(file, error.message);
    throw storageError(file, error, `cannot create the lock file ${file}.lock`);
  }
}

/** Errors of a directory fsync that mean "not supported here" (some platforms and filesystems), not a failure. */
const unsupportedDirSync = new Set(["EISDIR", "EPERM", "EINVAL", "ENOTSUP", "EBADF"]);

function fsyncDirectory(dir: string): void {
  let fd: number;
  try {
    fd = openSync(dir, "r");
  } catch (error) {
    if (unsupportedDirSync.has((error as NodeJS.ErrnoException).code ?? "")) return;
    throw error;
  }
  try {
    Journal.hooks.fsyncDirectory(fd);
  } catch (error) {
    if (!unsupportedDirSync.has((error as NodeJS.ErrnoException).code ?? "")) throw error;
  } finally {
    closeSync(fd);
  }
}

function parseLine(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    return undefined;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

const userStrings = [
  "id",
  "externalId",
  "created",
  "userName",
  "givenName",
  "familyName",
  "displayName",
  "title",
  "timezone",
  "primaryEmail",
] as const;
const userNullableStrings = [
  "honorificPrefix",
  "secondaryEmail",
  "photo",
  "primaryPhone",
  "mobilePhone",
  "userType",
  "role",
  "preferredLanguage",
  "locale",
  "startDate",
] as const;
const userNullableObjects = ["address", "enterprise", "guest"] as const;
const userFlags = ["ultraRestricted", "admin", "primaryOwner"] as const;

/** What is wrong with a stored user, or `undefined`; a missing nullable field is read as `null`. */
function userProblem(u: unknown): string | undefined {
  if (!isRecord(u)) return "a user that is not an object";
  const who = typeof u["id"] === "string" ? `user ${u["id"]}` : "user";
  for (const key of userStrings) if (typeof u[key] !== "string") return `${who}: ${key} is not a string`;
  if (typeof u["active"] !== "boolean") return `${who}: active is not a boolean`;
  for (const key of userNullableStrings) {
    if (u[key] === undefined) u[key] = null;
    else if (u[key] !== null && typeof u[key] !== "string") return `${who}: ${key} is not a string or null`;
  }
  for (const key of userNullableObjects) {
    if (u[key] === undefined) u[key] = null;
    else if (u[key] !== null && !isRecord(u[key])) return `${who}: ${key} is not an object or null`;
  }
  for (const key of userFlags) {
    if (u[key] !== undefined && typeof u[key] !== "boolean") return `${who}: ${key} is not a boolean`;
  }
  return undefined;
}

function groupProblem(g: unknown): string | undefined {
  if (!isRecord(g)) return "a group that is not an object";
  const who = typeof g["id"] === "string" ? `group ${g["id"]}` : "group";
  for (const key of ["id", "displayName", "created"]) {
    if (typeof g[key] !== "string") return `${who}: ${key} is not a string`;
  }
  const members = g["members"];
  if (!Array.isArray(members) || !members.every((m) => typeof m === "string")) {
    return `${who}: members is not a list of ids`;
  }
  return undefined;
}

/** Applies one journal line to the replay; returns what is wrong with it instead when it is not a valid entry. */
function apply(replay: Replay, entry: unknown): string | undefined {
  if (!isRecord(entry)) return "not a JSON object";
  if ("u" in entry) {
    const problem = userProblem(entry["u"]);
    if (problem !== undefined) return problem;
    const user = entry["u"] as unknown as UserRecord;
    replay.users.set(user.id, user);
  } else if ("g" in entry) {
    const problem = groupProblem(entry["g"]);
    if (problem !== undefined) return problem;
    const group = entry["g"] as unknown as GroupRecord;
    replay.groups.set(group.id, group);
  } else if (typeof entry["dg"] === "string") replay.groups.delete(entry["dg"]);
  else if (entry["clear"] === true) {
    replay.users.clear();
    replay.groups.clear();
  } else return "unknown entry";
  return undefined;
}
