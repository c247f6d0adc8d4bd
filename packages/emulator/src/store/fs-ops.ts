import {
  closeSync,
  constants,
  copyFileSync,
  fdatasyncSync,
  fsyncSync,
  ftruncateSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeSync,
} from "node:fs";

/**
 * Every file-system call the journal makes, as one object the journal looks up at each call. Tests replace a
 * member to watch the order of writes, syncs and renames (a write must be synced before it is answered, a
 * snapshot before it is renamed into place) or to inject a failure. Not part of the public API.
 */
export interface JournalFs {
  openSync(path: string, flags: string): number;
  readFileSync(path: string): Buffer;
  writeSync(fd: number, buffer: Uint8Array, offset: number, length: number): number;
  /** Flushes a file's data (the journal's append). */
  fdatasyncSync(fd: number): void;
  /** Flushes a file's data and metadata (a snapshot before its rename, a cut-back file). */
  fsyncSync(fd: number): void;
  /** Flushes a directory, so a rename in it survives a power cut; some platforms refuse it. */
  fsyncDirectory(fd: number): void;
  ftruncateSync(fd: number, length: number): void;
  closeSync(fd: number): void;
  renameSync(from: string, to: string): void;
  /** Copies a file, failing if the target exists. */
  copyFileSync(from: string, to: string): void;
  rmSync(path: string): void;
}

/** The real calls, from `node:fs`. */
export const nodeJournalFs: Readonly<JournalFs> = Object.freeze({
  openSync: (path: string, flags: string) => openSync(path, flags),
  readFileSync: (path: string) => readFileSync(path),
  writeSync: (fd: number, buffer: Uint8Array, offset: number, length: number) =>
    writeSync(fd, buffer, offset, length),
  fdatasyncSync: (fd: number) => fdatasyncSync(fd),
  fsyncSync: (fd: number) => fsyncSync(fd),
  fsyncDirectory: (fd: number) => fsyncSync(fd),
  ftruncateSync: (fd: number, length: number) => ftruncateSync(fd, length),
  closeSync: (fd: number) => closeSync(fd),
  renameSync: (from: string, to: string) => renameSync(from, to),
  copyFileSync: (from: string, to: string) => copyFileSync(from, to, constants.COPYFILE_EXCL),
  rmSync: (path: string) => rmSync(path, { force: true }),
});

/** The calls in use: the journal reads each member at call time, so a test may replace one and put it back. */
export const journalFs: JournalFs = { ...nodeJournalFs };

/** Writes all of `data` at the file's current position (a write may take only part of it). */
export function writeAll(fd: number, data: Uint8Array): void {
  let offset = 0;
  while (offset < data.length) offset += journalFs.writeSync(fd, data, offset, data.length - offset);
}
