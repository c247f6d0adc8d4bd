import { clockMs, createdFormatter } from "./clock.js";
import { EmulatorHTTPError } from "./errors.js";
import { randomIds } from "./ids.js";
import type { EmulatorOptions } from "./options.js";
import { seedOrg } from "./seed.js";
import { Journal, type JournalEntry } from "./store/journal.js";
import { MemoryStore } from "./store/memory-store.js";
import type { GroupRecord, UserRecord } from "./store/records.js";

/**
 * The org behind both SCIM versions: the store, its optional journal, the clock and the id generator. Every
 * write goes through here: checked for uniqueness, journaled (fsynced), applied, and only then may the journal be
 * compacted, so a snapshot always holds the write that triggered it.
 */
export class Org {
  readonly store = new MemoryStore();
  readonly now: () => number;
  #journal: Journal | undefined;
  /** The storage file, when there is one (kept after `close()` so later writes fail clearly). */
  #file: string | undefined;
  #compactEvery: number;
  /** Compactions that failed in a row (each doubles the lines before the next attempt). */
  #compactFailures = 0;
  #compactWarned = false;
  #ids: (kind: "user" | "group") => string;
  #format: (ms: number) => string;
  #seed: EmulatorOptions["seed"];
  #deactivationDelayMs: number;
  /** User id → time until which reads still show the user active. */
  #pendingDeactivation = new Map<string, number>();
  #photoDelayMs: number;
  /** User id → the photo reads show, and until when, while a new photo is being processed. */
  #pendingPhoto = new Map<string, { shown: string | null; until: number }>();

  constructor(options: EmulatorOptions) {
    this.now = clockMs(options.clock ?? options.now ?? Date.now);
    this.#ids = options.ids ?? randomIds;
    this.#format = createdFormatter(options.timeZone ?? "America/Los_Angeles");
    this.#seed = options.seed;
    this.#deactivationDelayMs = options.deactivationDelayMs ?? 0;
    this.#photoDelayMs = options.photoDelayMs ?? 0;
    const storage = options.storage ?? "memory";
    this.#compactEvery = storage === "memory" ? Infinity : (storage.compactEvery ?? 10_000);
    if (storage !== "memory") {
      this.#file = storage.file;
      const { journal, replay } = Journal.open(storage.file);
      this.#journal = journal;
      for (const note of replay.notes) {
        process.emitWarning(`slack-scim-emulator: ${note}`, { code: "SLACK_SCIM_EMULATOR_STORAGE" });
      }
      try {
        for (const u of replay.users.values()) this.store.putUser(u);
        for (const g of replay.groups.values()) this.store.putGroup(g);
        if (replay.lines > this.store.userCount + this.store.groupCount + this.#compactEvery) this.#compact();
        if (this.store.userCount === 0 && this.store.groupCount === 0) this.#loadSeed();
      } catch (error) {
        this.close();
        throw error;
      }
    } else this.#loadSeed();
  }

  /** `meta.created` for a record made now. */
  createdNow(): string {
    return this.#format(this.now());
  }

  /** A fresh user or group id, never one already in use. */
  newId(kind: "user" | "group"): string {
    for (;;) {
      const id = this.#ids(kind);
      if (kind === "user" ? !this.store.getUser(id) : !this.store.getGroup(id)) return id;
    }
  }

  /** A `managerId` given as id, primary email or userName, as a user id (unknown references are echoed). */
  resolveManager = (ref: string): string => {
    const s = this.store;
    return (s.getUser(ref) ?? s.findUserByEmail(ref) ?? s.findUserByUserName(ref))?.id ?? ref;
  };

  /** Refuses a user whose userName or email another user (deactivated included) holds: 409. */
  checkUnique(user: UserRecord): void {
    const byName = this.store.findUserByUserName(user.userName);
    if (byName && byName.id !== user.id) {
      throw new EmulatorHTTPError(409, "username_taken", { suffix: `username=${user.userName}` });
    }
    for (const email of [user.primaryEmail, user.secondaryEmail]) {
      if (email === null) continue;
      const byEmail = this.store.findUserByEmail(email);
      if (byEmail && byEmail.id !== user.id) throw new EmulatorHTTPError(409, "email_taken");
    }
  }

  /**
   * Persists and stores a user; a deactivation starts the `deactivationDelayMs` window, a reactivation ends it; a
   * new photo starts the `photoDelayMs` window.
   */
  saveUser(user: UserRecord): void {
    this.checkUnique(user);
    const stored = this.store.getUser(user.id);
    const wasActive = stored?.active === true;
    const photoBefore = stored ? this.photoShown(stored) : null;
    this.#persist({ u: user }, () => this.store.putUser(user));
    if (this.#photoDelayMs > 0 && user.photo !== (stored?.photo ?? null)) {
      this.#pendingPhoto.set(user.id, { shown: photoBefore, until: this.now() + this.#photoDelayMs });
    }
    if (user.active) this.#pendingDeactivation.delete(user.id);
    else if (wasActive && this.#deactivationDelayMs > 0) {
      this.#pendingDeactivation.set(user.id, this.now() + this.#deactivationDelayMs);
    }
  }

  /** The `active` that reads show: still `true` while a deactivation is within `deactivationDelayMs`. */
  activeShown = (user: UserRecord): boolean => {
    if (user.active) return true;
    const until = this.#pendingDeactivation.get(user.id);
    if (until === undefined) return false;
    if (until > this.now()) return true;
    this.#pendingDeactivation.delete(user.id);
    return false;
  };

  /** The photo that reads show: still the previous one while a new photo is within `photoDelayMs`. */
  photoShown = (user: UserRecord): string | null => {
    const pending = this.#pendingPhoto.get(user.id);
    if (pending === undefined) return user.photo;
    if (pending.until > this.now()) return pending.shown;
    this.#pendingPhoto.delete(user.id);
    return user.photo;
  };

  /** Persists and stores a group. */
  saveGroup(group: GroupRecord): void {
    this.#persist({ g: group }, () => this.store.putGroup(group));
  }

  /** Persists and applies a group's removal. */
  deleteGroup(id: string): void {
    this.#persist({ dg: id }, () => this.store.deleteGroup(id));
  }

  /** Empties the org (and its file), then loads the seed again. */
  reset(): void {
    this.store.clear();
    this.#pendingDeactivation.clear();
    this.#pendingPhoto.clear();
    this.#loadSeed();
    if (this.#journal && this.store.userCount + this.store.groupCount === 0) this.#compact();
  }

  /** Closes the journal file. */
  close(): void {
    this.#journal?.close();
    this.#journal = undefined;
  }

  #loadSeed(): void {
    const seed = this.#seed;
    if (!seed || (!seed.users && !seed.groups)) return;
    const org = seedOrg(seed, this.#format);
    for (const u of org.users) this.store.putUser(u);
    for (const g of org.groups) this.store.putGroup(g);
    if (this.#journal) this.#compact();
  }

  /**
   * Journals one write (fsynced), applies it to the store, and only then maybe compacts, so a snapshot always
   * holds the write that triggered it. A journal that failed or was closed fails the write (503) unapplied.
   */
  #persist(entry: JournalEntry, apply: () => void): void {
    const journal = this.#journal;
    if (this.#file !== undefined) {
      if (!journal) {
        throw new EmulatorHTTPError(503, "service_unavailable", {
          message: `service_unavailable (the emulator's storage ${this.#file} is closed; the write was not applied)`,
        });
      }
      try {
        journal.append(entry);
      } catch (error) {
        throw new EmulatorHTTPError(503, "service_unavailable", {
          message: `service_unavailable (${error instanceof Error ? error.message : String(error)})`,
        });
      }
    }
    apply();
    // Rewrite once the lines since the last snapshot reach both `compactEvery` and the number of live records;
    // after failed compactions, twice as many lines per failure, so a failing disk never turns every write
    // into a snapshot rewrite.
    const live = this.store.userCount + this.store.groupCount;
    const due = Math.max(this.#compactEvery, live) * 2 ** Math.min(this.#compactFailures, 20);
    if (journal && journal.lines >= due) {
      try {
        this.#compact();
        this.#compactFailures = 0;
      } catch (error) {
        // The write is journaled, and the journal in use is whole (the snapshot goes through a temp file and a
        // rename): compaction is retried later rather than failing an applied write.
        this.#compactFailures++;
        if (!this.#compactWarned) {
          this.#compactWarned = true;
          process.emitWarning(
            `slack-scim-emulator: compacting ${this.#file} failed (${error instanceof Error ? error.message : String(error)}); ` +
              "writes go on, and compaction is retried after more writes each time",
          );
        }
      }
    }
  }

  #compact(): void {
    this.#journal?.compact(this.store.users(), this.store.groups());
  }
}
