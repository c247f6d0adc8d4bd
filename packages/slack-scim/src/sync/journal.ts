import { type FileHandle, open, readFile, truncate } from "node:fs/promises";
import { SyncRefusedError } from "../core/errors.js";

/** How a step ended; `"started"` marks a create sent (or about to be) whose answer is not journaled yet. */
export type JournalStatus = "started" | "done" | "failed" | "skipped";

/** One line of the journal after its header. */
export interface JournalEntry {
  /** The step's id. */
  step: string;
  status: JournalStatus;
  /** ISO 8601. */
  at: string;
  /** The id of the user or group a create made. */
  id?: string;
  /** Why it was skipped or failed. */
  reason?: string;
  /** The outcome's remark, for the report of a later run. */
  note?: string;
}

const format = "slack-scim/sync-journal";

/** What an earlier run left in a journal: the last entry of each step. */
export type JournalState = Map<string, JournalEntry>;

/**
 * An append-only journal of applied steps (JSON lines). Each entry is on disk (`fdatasync`) before `append`
 * resolves; entries that arrive while a sync runs are written and synced together (group commit), so a journal
 * never slows a concurrent apply to one disk sync per step.
 */
export class Journal {
  readonly path: string;
  readonly #handle: FileHandle;
  #pending: { line: string; resolve: () => void; reject: (error: unknown) => void }[] = [];
  #flushing: Promise<void> | undefined;

  private constructor(path: string, handle: FileHandle) {
    this.path = path;
    this.#handle = handle;
  }

  /**
   * Opens (or starts) the journal of plan `planId`, reading what an earlier run wrote. A torn last line (a crash
   * while writing it) is cut off.
   *
   * @throws {@link SyncRefusedError} (`reason: "journal"`) when the file is another plan's journal or is not a
   *   journal.
   */
  static async open(path: string, planId: string): Promise<{ journal: Journal; state: JournalState }> {
    const state: JournalState = new Map();
    let text = "";
    try {
      text = await readFile(path, "utf8");
    } catch (error) {
      if ((error as { code?: string }).code !== "ENOENT") throw error;
    }
    const whole = text.lastIndexOf("\n") + 1;
    if (whole < text.length) await truncate(path, Buffer.byteLength(text.slice(0, whole)));
    const lines = text.slice(0, whole).split("\n").slice(0, -1);
    const refuse = (why: string) => new SyncRefusedError(`journal ${path}: ${why}`, { reason: "journal" });
    if (lines.length > 0) {
      let header: { format?: unknown; plan?: unknown };
      try {
        header = JSON.parse(lines[0] as string);
      } catch {
        throw refuse("line 1 is not a sync journal header");
      }
      if (header.format !== format) throw refuse("not a sync journal");
      if (header.plan !== planId) {
        throw refuse(
          `it belongs to another plan (${String(header.plan)}); use a new journal file for this plan`,
        );
      }
      lines.slice(1).forEach((line, index) => {
        let entry: JournalEntry;
        try {
          entry = JSON.parse(line) as JournalEntry;
        } catch {
          throw refuse(`line ${index + 2} is not JSON`);
        }
        if (typeof entry.step !== "string") throw refuse(`line ${index + 2} names no step`);
        state.set(entry.step, entry);
      });
    }
    const handle = await open(path, "a");
    const journal = new Journal(path, handle);
    if (lines.length === 0) {
      await journal.append({ format, version: 1, plan: planId, startedAt: new Date().toISOString() });
    }
    return { journal, state };
  }

  /** Appends one entry; resolves once it is on disk. */
  append(entry: JournalEntry | Record<string, unknown>): Promise<void> {
    return new Promise((resolve, reject) => {
      this.#pending.push({ line: `${JSON.stringify(entry)}\n`, resolve, reject });
      this.#flushing ??= this.#flush();
    });
  }

  async #flush(): Promise<void> {
    while (this.#pending.length > 0) {
      const batch = this.#pending;
      this.#pending = [];
      try {
        await this.#handle.write(batch.map((p) => p.line).join(""));
        await this.#handle.datasync();
        for (const p of batch) p.resolve();
      } catch (error) {
        for (const p of batch) p.reject(error);
      }
    }
    this.#flushing = undefined;
  }

  /** Waits for pending entries and closes the file. */
  async close(): Promise<void> {
    await this.#flushing;
    await this.#handle.close();
  }
}
