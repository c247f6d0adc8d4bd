/**
 * Whether a write is to one user or group, and which: `"Users/W123"`, or `undefined` for a read or a path
 * without an id. Slack locks a user or group while a write to it runs, and answers a second write meanwhile with
 * a 429 (https://docs.slack.dev/reference/scim-api/rate-limits).
 */
const resourceId = /(?:^|\/)(Users|Groups)\/([^/?#]+)/;

/** What {@link ResourceWrites.begin} returns: pass it to {@link ResourceWrites.end}. @internal */
export interface WriteInFlight {
  readonly key: string;
  /** `starts` of the key's entry once this write began. */
  readonly mark: number;
  /** Another write to the same resource was in flight when this one began. */
  readonly overlapped: boolean;
}

interface WritesToOneResource {
  active: number;
  starts: number;
}

/**
 * The writes in flight per user or group (`"Users/W123"`), over every client sharing one limiter: tells a 429
 * from Slack's per-resource lock (another write to the same resource was running) from one of the org budget.
 *
 * @internal
 */
export class ResourceWrites {
  readonly #writes = new Map<string, WritesToOneResource>();

  /** Records a write about to leave, when it is to one user or group (`undefined` otherwise: nothing to end). */
  begin(method: string, path: string): WriteInFlight | undefined {
    if (method === "GET" || method === "HEAD") return undefined;
    const match = resourceId.exec(path);
    if (match === null) return undefined;
    const key = `${match[1]}/${match[2]}`;
    let entry = this.#writes.get(key);
    if (entry === undefined) {
      entry = { active: 0, starts: 0 };
      this.#writes.set(key, entry);
    }
    const overlapped = entry.active > 0;
    entry.active += 1;
    entry.starts += 1;
    return { key, mark: entry.starts, overlapped };
  }

  /**
   * The write `begun` has its answer (or failed). Returns true when another write to the same user or group
   * was in flight at some point while this one was.
   */
  end(begun: WriteInFlight): boolean {
    const entry = this.#writes.get(begun.key);
    if (entry === undefined) return begun.overlapped;
    const overlapped = begun.overlapped || entry.starts !== begun.mark || entry.active > 1;
    entry.active -= 1;
    if (entry.active <= 0) this.#writes.delete(begun.key);
    return overlapped;
  }
}
