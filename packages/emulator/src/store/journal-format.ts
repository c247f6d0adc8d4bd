import { hash, randomBytes } from "node:crypto";
import { isRecord } from "./records-check.js";

/**
 * The first line of every store file names the format and its version. Version 2 (this one) adds a chain seed to
 * the header (`"chain"`), and a sequence number (`"n"`) and a checksum (`"h"`) to every record; version 1 files
 * (no checksums) are still read, and rewritten as version 2 on open.
 */
export const journalHeader = {
  /** Names the file as an emulator journal. */
  format: "slack-scim-emulator/journal",
  /** Format version written by this emulator. */
  version: 2,
} as const;

/** The version-1 format, read for compatibility. */
export const legacyJournalVersion = 1;

/** A record's checksum: the first 16 hex digits of SHA-256 over the previous checksum and the record's text. */
export function chainHash(previous: string, body: string): string {
  return hash("sha256", `${previous}\n${body}`).slice(0, 16);
}

/** Where a chain stands: the last record's number and checksum. */
export interface ChainState {
  n: number;
  hash: string;
}

/** A new header line (with a fresh chain seed) and the chain state after it. */
export function newHeader(): { line: string; chain: ChainState } {
  const line = JSON.stringify({ ...journalHeader, chain: randomBytes(8).toString("hex") });
  return { line, chain: { n: 0, hash: chainHash("", line) } };
}

/** The chain state right after a header line (its checksum covers the whole line, seed included). */
export function chainAfterHeader(headerLine: string): ChainState {
  return { n: 0, hash: chainHash("", headerLine) };
}

/**
 * One record line: `{"n":<number>,<entry>…,"h":"<checksum>"}`. The checksum covers the previous checksum and the
 * line's text without `"h"`, so an edited, removed, repeated or reordered line breaks the chain from there on.
 */
export function encodeRecord(
  chain: ChainState,
  entry: Record<string, unknown>,
): { line: string; chain: ChainState } {
  const n = chain.n + 1;
  const body = JSON.stringify({ n, ...entry });
  const hash = chainHash(chain.hash, body);
  return { line: `${body.slice(0, -1)},"h":"${hash}"}`, chain: { n, hash } };
}

/** What a record line holds, once its place in the chain is checked. */
export type DecodedRecord =
  | { ok: true; entry: Record<string, unknown>; chain: ChainState }
  | { ok: false; problem: string };

/** Parses a line as JSON, or `undefined`. */
export function parseLine(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    return undefined;
  }
}

/** The end of every record line: the checksum, 16 hex digits. */
const checksumTail = /,"h":"([0-9a-f]{16})"\}$/;

/**
 * Checks one record line against the chain: a JSON object ending in its checksum, the next sequence number, and
 * a checksum that matches the line's exact text. The problem names what is wrong in words a user can act on.
 */
export function decodeRecord(chain: ChainState, line: string): DecodedRecord {
  const value = parseLine(line);
  if (!isRecord(value)) return { ok: false, problem: "not a JSON record" };
  const { n, h: _, ...entry } = value;
  const tail = checksumTail.exec(line);
  if (typeof n !== "number" || !tail) return { ok: false, problem: "no sequence number or checksum" };
  const expected = chain.n + 1;
  if (n > expected) {
    const missing = n === expected + 1 ? `record ${expected} is` : `records ${expected} to ${n - 1} are`;
    return { ok: false, problem: `record ${n} where ${expected} was expected: ${missing} missing` };
  }
  if (n < expected) {
    return { ok: false, problem: `record ${n} where ${expected} was expected: a record repeated or moved` };
  }
  const hash = chainHash(chain.hash, `${line.slice(0, tail.index)}}`);
  if (hash !== tail[1]) return { ok: false, problem: `checksum mismatch: record ${n} was edited` };
  return { ok: true, entry, chain: { n, hash } };
}
