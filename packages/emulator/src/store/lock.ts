import { randomBytes } from "node:crypto";
import { linkSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { threadId } from "node:worker_threads";

/** What a lock file holds: who took it, and a nonce that tells this taking from any other. */
interface LockOwner {
  pid: number;
  /** The worker thread (0 = main): threads of one process share its pid. */
  thread: number;
  /** The process's start time as the kernel counts it (`/proc/<pid>/stat`), when known: a reused pid has another. */
  start?: string;
  nonce: string;
}

/**
 * The locks this thread holds, by lock path → nonce. A lock naming this process and thread that is not here was
 * left by an earlier process that had the same pid (a container restarted), so it is stale.
 */
const held = new Map<string, string>();

/** An empty or unreadable lock is another emulator between creating and writing it, unless older than this. */
const unreadableGraceMs = 5_000;

/** Start time of a process from `/proc/<pid>/stat` (field 22, after the command name), if readable. */
function processStart(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19];
  } catch {
    return undefined;
  }
}

/** Whether a process with this pid exists (EPERM: it exists, owned by someone else). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function parseOwner(text: string): LockOwner | undefined {
  try {
    const parsed = JSON.parse(text) as unknown;
    // A lock from before the JSON format holds a bare pid.
    const value = (typeof parsed === "number" ? { pid: parsed } : parsed) as Partial<LockOwner> | null;
    if (value === null || typeof value !== "object") return undefined;
    if (typeof value.pid !== "number" || !Number.isInteger(value.pid) || value.pid <= 0) return undefined;
    return {
      pid: value.pid,
      thread: typeof value.thread === "number" ? value.thread : 0,
      ...(typeof value.start === "string" ? { start: value.start } : {}),
      nonce: typeof value.nonce === "string" ? value.nonce : "",
    };
  } catch {
    return undefined;
  }
}

/** Whether the owner a lock names still holds it. */
function stillHeld(lock: string, owner: LockOwner): boolean {
  if (owner.pid === process.pid) {
    if (held.get(lock) === owner.nonce) return true;
    const ours = processStart(process.pid);
    if (owner.start !== undefined && ours !== undefined && owner.start !== ours) return false;
    // Same process and thread but not ours: an earlier process with our pid. Another thread: still open there.
    return owner.thread !== threadId;
  }
  if (!alive(owner.pid)) return false;
  const start = owner.start === undefined ? undefined : processStart(owner.pid);
  return start === undefined || start === owner.start;
}

/** Why a lock cannot be taken, or `undefined` when it is stale. */
function liveOwner(lock: string, text: string): string | undefined {
  const owner = parseOwner(text);
  if (owner === undefined) {
    let age = 0;
    try {
      age = Date.now() - statSync(lock).mtimeMs;
    } catch {
      return undefined; // gone meanwhile
    }
    return age > unreadableGraceMs ? undefined : "process unknown: the lock file is being written";
  }
  return stillHeld(lock, owner) ? `process ${owner.pid}` : undefined;
}

/** An error for a lock that another emulator holds, or that cannot be made. */
export class LockError extends Error {}

/**
 * Takes `<file>.lock` for this emulator. The owner record is written to a temp file and hard-linked into place,
 * so the lock appears whole or not at all (EEXIST: taken). A stale lock (its process is gone, its pid was
 * reused, or it names this thread without being ours) is renamed aside to a unique name, checked to be the one
 * judged stale, and then replaced. Throws {@link LockError} when a live emulator holds it.
 *
 * @returns The lock's content, which {@link releaseFileLock} compares before removing it.
 */
export function acquireFileLock(file: string): string {
  const lock = `${file}.lock`;
  const nonce = randomBytes(12).toString("hex");
  const start = processStart(process.pid);
  const content = JSON.stringify({ pid: process.pid, thread: threadId, ...(start ? { start } : {}), nonce });
  const temp = `${lock}.${nonce}.tmp`;
  writeFileSync(temp, content, { flag: "wx" });
  try {
    for (let attempt = 0; attempt < 5; attempt++) {
      try {
        linkSync(temp, lock);
        held.set(lock, nonce);
        return content;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      }
      let text: string;
      try {
        text = readFileSync(lock, "utf8");
      } catch {
        continue; // removed meanwhile: try again
      }
      const owner = liveOwner(lock, text);
      if (owner !== undefined) {
        throw new LockError(
          `in use by another emulator (${owner}, lock file ${lock}); close it first, or delete the lock ` +
            "file if that process is gone",
        );
      }
      const aside = `${lock}.stale-${nonce}-${attempt}`;
      try {
        renameSync(lock, aside);
      } catch {
        continue; // another emulator moved it first
      }
      let moved = "";
      try {
        moved = readFileSync(aside, "utf8");
      } catch {
        // Unreadable: treated as what was judged stale.
        moved = text;
      }
      if (moved !== text) {
        // Between the read and the rename another emulator took the lock: put its lock back.
        try {
          linkSync(aside, lock);
        } catch {
          // Someone else took it meanwhile; the next attempt sees theirs.
        }
      }
      rmSync(aside, { force: true });
    }
    throw new LockError(`could not take the lock file ${lock} (it keeps changing)`);
  } finally {
    rmSync(temp, { force: true });
  }
}

/** Removes `<file>.lock` only if it still holds `content` (this emulator's lock), and forgets it. */
export function releaseFileLock(file: string, content: string): void {
  const lock = `${file}.lock`;
  const owner = parseOwner(content);
  if (owner && held.get(lock) === owner.nonce) held.delete(lock);
  try {
    if (readFileSync(lock, "utf8") !== content) return;
  } catch {
    return;
  }
  rmSync(lock, { force: true });
}
