import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { EmulatorStorageError } from "./errors.js";
import { journalFs } from "./fs-ops.js";
import {
  type ChainState,
  chainAfterHeader,
  decodeRecord,
  journalHeader,
  legacyJournalVersion,
  parseLine,
} from "./journal-format.js";
import { applyEntry, invariantProblem, isRecord, type ReplayState } from "./records-check.js";

/** What a replay found. */
export interface Replay extends ReplayState {
  /** Record lines after the header (live, superseded and clean-close marks). */
  lines: number;
  /** The file was changed on open: a torn last record cut off, or a missing final newline added. */
  repaired: boolean;
  /** The file is in the version-1 format (no checksums): it must be rewritten before anything is appended. */
  legacy: boolean;
  /** The chain after the last record (version 2). */
  chain: ChainState;
  /** What a user should hear about the file (repairs, an unclean close), each naming the file and line. */
  notes: string[];
}

/** An empty replay. */
export function emptyReplay(chain: ChainState): Replay {
  return {
    users: new Map(),
    groups: new Map(),
    lineOf: new Map(),
    lines: 0,
    repaired: false,
    legacy: false,
    chain,
    notes: [],
  };
}

const refuse = (file: string, line: number, problem: string) =>
  new EmulatorStorageError(file, `line ${line}: ${problem}; refusing to use it`);

/**
 * Reads and checks a store file: its header, every record in order (version 2: sequence numbers and the checksum
 * chain), and the store's invariants. Damage is refused with an {@link EmulatorStorageError} naming the file and
 * line, and the file is left as it was. Only a torn last record (a write cut short, never acknowledged) is
 * repaired, after the file as found is copied aside; a complete last record without its newline is kept.
 *
 * @returns `undefined` for a missing or empty file (a new store).
 */
export function readJournal(file: string): Replay | undefined {
  if (!existsSync(file)) return undefined;
  const buffer = journalFs.readFileSync(file);
  if (buffer.length === 0) return undefined;
  const text = buffer.toString("utf8");
  const firstNewline = text.indexOf("\n");
  if (firstNewline < 0) {
    throw new EmulatorStorageError(
      file,
      "not a slack-scim-emulator store (no header line); refusing to use it",
    );
  }
  const headerLine = text.slice(0, firstNewline);
  const header = parseLine(headerLine);
  if (!isRecord(header) || header["format"] !== journalHeader.format) {
    throw new EmulatorStorageError(
      file,
      "not a slack-scim-emulator store (unknown header); refusing to use it",
    );
  }
  const version = header["version"];
  if (version !== journalHeader.version && version !== legacyJournalVersion) {
    throw new EmulatorStorageError(file, `store format version ${String(version)} is not supported`);
  }
  const legacy = version === legacyJournalVersion;
  const replay = emptyReplay(chainAfterHeader(headerLine));
  replay.legacy = legacy;
  const lines = text.slice(firstNewline + 1).split("\n");
  // The text after the last newline: "" when the file ends with one.
  const tail = lines.pop() ?? "";
  let lineNumber = 1;
  let lastEntry: Record<string, unknown> | undefined;
  const read = (line: string): void => {
    const entry = legacy ? readLegacy(file, line, lineNumber) : readChained(file, replay, line, lineNumber);
    if (entry === undefined) return;
    const problem = applyEntry(replay, entry, lineNumber);
    if (problem !== undefined) throw refuse(file, lineNumber, `corrupt record (${problem})`);
    replay.lines++;
    lastEntry = entry;
  };
  for (const line of lines) {
    lineNumber++;
    read(line);
  }
  if (tail !== "") {
    lineNumber++;
    const state = tailState(legacy, replay.chain, tail);
    if (state !== "complete" && state !== "torn") throw refuse(file, lineNumber, state);
    if (state === "complete") {
      read(tail);
      appendNewline(file);
      replay.repaired = true;
      replay.notes.push(
        `${file}: line ${lineNumber} is a complete record without its final newline; kept, and the newline added`,
      );
    } else {
      const copy = cutTornTail(file, buffer, buffer.length - Buffer.byteLength(tail));
      replay.repaired = true;
      replay.notes.push(
        `${file}: line ${lineNumber} was an incomplete record (a write cut short, never acknowledged) and was cut ` +
          `off; the file as found is kept as ${copy}`,
      );
      lineNumber--;
    }
  }
  if (!legacy && replay.lines > 0 && lastEntry?.["end"] !== true && !replay.repaired) {
    replay.notes.push(
      `${file}: the last record (line ${lineNumber}) is not a clean-close mark: the emulator was stopped ` +
        "without closing (killed, crashed), or records after that line were cut off",
    );
  }
  const broken = invariantProblem(replay);
  if (broken !== undefined) throw new EmulatorStorageError(file, `${broken}; refusing to use it`);
  return replay;
}

function readLegacy(file: string, line: string, lineNumber: number): Record<string, unknown> | undefined {
  if (line === "") return undefined;
  const entry = parseLine(line);
  if (!isRecord(entry)) throw refuse(file, lineNumber, "corrupt record (not a JSON object)");
  return entry;
}

function readChained(
  file: string,
  replay: Replay,
  line: string,
  lineNumber: number,
): Record<string, unknown> {
  if (line === "") throw refuse(file, lineNumber, "an empty line (the file was edited)");
  const decoded = decodeRecord(replay.chain, line);
  if (!decoded.ok) throw refuse(file, lineNumber, decoded.problem);
  replay.chain = decoded.chain;
  return decoded.entry;
}

/**
 * What the text after the last newline is: a whole record (version 2: one that fits the chain), a torn one (not
 * JSON: a write cut short), or else what is wrong with it (JSON that breaks the chain was edited, not torn).
 */
function tailState(legacy: boolean, chain: ChainState, tail: string): "complete" | "torn" | string {
  if (!isRecord(parseLine(tail))) return "torn";
  if (legacy) return "complete";
  const decoded = decodeRecord(chain, tail);
  return decoded.ok ? "complete" : decoded.problem;
}

function appendNewline(file: string): void {
  const fd = journalFs.openSync(file, "a");
  try {
    journalFs.writeSync(fd, Buffer.from("\n"), 0, 1);
    journalFs.fsyncSync(fd);
  } finally {
    journalFs.closeSync(fd);
  }
}

/** Copies the file aside as found, then cuts it back to `length` bytes; returns the copy's path. */
function cutTornTail(file: string, found: Buffer, length: number): string {
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  const copy = `${file}.damaged-${stamp}-${randomBytes(2).toString("hex")}`;
  journalFs.copyFileSync(file, copy);
  // The copy must hold what was read (the file is locked, but check rather than trust).
  if (!journalFs.readFileSync(copy).equals(found)) {
    throw new EmulatorStorageError(file, `the copy ${copy} differs from the file read; refusing to cut it`);
  }
  const fd = journalFs.openSync(file, "r+");
  try {
    journalFs.ftruncateSync(fd, length);
    journalFs.fsyncSync(fd);
  } finally {
    journalFs.closeSync(fd);
  }
  return copy;
}
