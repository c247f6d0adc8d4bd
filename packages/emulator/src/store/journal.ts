import { randomBytes } from "node:crypto";
import { fstatSync } from "node:fs";
import { dirname } from "node:path";
import { EmulatorStorageError } from "./errors.js";
import { journalFs, writeAll } from "./fs-ops.js";
import { type ChainState, encodeRecord, newHeader } from "./journal-format.js";
import { emptyReplay, type Replay, readJournal } from "./journal-read.js";
import { acquireFileLock, LockError, releaseFileLock } from "./lock.js";
import type { GroupRecord, UserRecord } from "./records.js";

export { EmulatorStorageError } from "./errors.js";
export { journalHeader } from "./journal-format.js";
export type { Replay } from "./journal-read.js";

/** One journal record's content (a user, a group, a group removal, or a clear). */
export type JournalEntry = { u: UserRecord } | { g: GroupRecord } | { dg: string } | { clear: true };

/**
 * An append-only journal: a header line, then one JSON line per acknowledged write, each with a sequence number
 * and a checksum chained to the one before, each fsynced before the write is answered. A crash can only tear the
 * last line, which was never acknowledged; it is cut off on open (after the file is copied aside). Any other
 * damage (an edited, removed or repeated line, a broken invariant) is refused, naming the line. `close()` ends the
 * file with a clean-close mark, so a journal cut at a line boundary after an unclean stop is reported. Compaction
 * rewrites the live records to a temp file, fsyncs it, renames it over the journal and fsyncs the directory (where
 * the platform allows). While open, the journal holds `<file>.lock` (see {@link acquireFileLock}), so a second
 * emulator cannot write the same file. Every file-system call goes through {@link journalFs}.
 */
export class Journal {
  readonly file: string;
  #fd: number | undefined;
  /** Bytes of complete lines: a failed append is cut back to this. */
  #size: number;
  /** Set when a failed append could not be cut back: every later append fails. */
  #broken: string | undefined;
  /** The last record's number and checksum. */
  #chain: ChainState;
  /** Lines appended since the last compaction (or open). */
  lines: number;
  /** The lock file's content, compared before the lock is removed. */
  #lock: string;

  private constructor(file: string, fd: number, replay: Replay, lock: string) {
    this.file = file;
    this.#fd = fd;
    this.#lock = lock;
    this.#size = fstatSync(fd).size;
    this.#chain = replay.chain;
    this.lines = replay.lines;
  }

  /**
   * Opens (or creates) a journal, takes its lock file and replays it. A version-1 file (no checksums) is read,
   * then rewritten as a version-2 snapshot before anything is appended.
   */
  static open(file: string): { journal: Journal; replay: Replay } {
    const lock = acquireLock(file);
    let fd: number | undefined;
    try {
      let replay = readJournal(file);
      if (!replay || replay.legacy) {
        const users = [...(replay?.users.values() ?? [])];
        const groups = [...(replay?.groups.values() ?? [])];
        const snapshot = Journal.#writeSnapshot(file, users, groups);
        snapshot.syncDirectory();
        replay = {
          ...(replay ?? emptyReplay(snapshot.chain)),
          chain: snapshot.chain,
          lines: 0,
          legacy: false,
        };
      }
      fd = journalFs.openSync(file, "a");
      return { journal: new Journal(file, fd, replay, lock), replay };
    } catch (error) {
      if (fd !== undefined) journalFs.closeSync(fd);
      releaseFileLock(file, lock);
      throw storageError(file, error, "cannot open");
    }
  }

  /**
   * Appends one entry and fsyncs it; only then may the write be acknowledged. A failed or partial write (a full
   * disk) is cut back to the last complete line and throws {@link EmulatorStorageError}; after close it throws too.
   */
  append(entry: JournalEntry | { end: true }): void {
    const fd = this.#fd;
    if (fd === undefined) throw new EmulatorStorageError(this.file, "the store is closed");
    if (this.#broken !== undefined) throw new EmulatorStorageError(this.file, this.#broken);
    const record = encodeRecord(this.#chain, entry);
    const data = Buffer.from(`${record.line}\n`);
    try {
      writeAll(fd, data);
      journalFs.fdatasyncSync(fd);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      try {
        journalFs.ftruncateSync(fd, this.#size);
      } catch {
        this.#broken = `a failed write (${reason}) could not be cut back; restart the emulator`;
      }
      throw new EmulatorStorageError(this.file, `write failed (${reason}); the write was not applied`);
    }
    this.#chain = record.chain;
    this.#size += data.length;
    this.lines++;
  }

  /**
   * Rewrites the journal as a snapshot of the live records (atomically, via rename). A failure before the rename
   * leaves the old journal in use; once renamed, the new file is reopened whatever the directory fsync says.
   */
  compact(users: readonly UserRecord[], groups: readonly GroupRecord[]): void {
    if (this.#fd === undefined) return;
    const snapshot = Journal.#writeSnapshot(this.file, users, groups);
    journalFs.closeSync(this.#fd);
    this.#fd = journalFs.openSync(this.file, "a");
    this.#size = fstatSync(this.#fd).size;
    this.#broken = undefined;
    this.#chain = snapshot.chain;
    this.lines = 0;
    snapshot.syncDirectory();
  }

  /** Ends the file with a clean-close mark (best effort), closes it and releases the lock; later appends throw. */
  close(): void {
    if (this.#fd === undefined) return;
    try {
      this.append({ end: true });
    } catch {
      // A failing disk: the next open reports an unclean close, which is true.
    }
    journalFs.closeSync(this.#fd);
    this.#fd = undefined;
    releaseFileLock(this.file, this.#lock);
  }

  /**
   * Writes a snapshot to a temp file, fsyncs it and renames it over `file`. Returns the new chain state and the
   * directory fsync, for the caller to run once it has reopened the new file (unsupported there: ignored).
   */
  static #writeSnapshot(
    file: string,
    users: readonly UserRecord[],
    groups: readonly GroupRecord[],
  ): { chain: ChainState; syncDirectory: () => void } {
    const temp = `${file}.tmp-${process.pid}-${randomBytes(4).toString("hex")}`;
    const fd = journalFs.openSync(temp, "w");
    const header = newHeader();
    let chain = header.chain;
    try {
      const chunk: string[] = [header.line];
      const flush = () => {
        writeAll(fd, Buffer.from(`${chunk.join("\n")}\n`));
        chunk.length = 0;
      };
      const add = (entry: JournalEntry) => {
        const record = encodeRecord(chain, entry);
        chain = record.chain;
        chunk.push(record.line);
        if (chunk.length >= 1000) flush();
      };
      for (const u of users) add({ u });
      for (const g of groups) add({ g });
      if (chunk.length > 0) flush();
      journalFs.fsyncSync(fd);
    } catch (error) {
      journalFs.closeSync(fd);
      journalFs.rmSync(temp);
      throw error;
    }
    journalFs.closeSync(fd);
    journalFs.renameSync(temp, file);
    return { chain, syncDirectory: () => fsyncDirectory(dirname(file)) };
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
    fd = journalFs.openSync(dir, "r");
  } catch (error) {
    if (unsupportedDirSync.has((error as NodeJS.ErrnoException).code ?? "")) return;
    throw error;
  }
  try {
    journalFs.fsyncDirectory(fd);
  } catch (error) {
    if (!unsupportedDirSync.has((error as NodeJS.ErrnoException).code ?? "")) throw error;
  } finally {
    journalFs.closeSync(fd);
  }
}
