import { isObject, type JsonObject } from "../core/json.js";
import { SCIM1Schemas } from "../models/schemas.js";

/** Which operation is being translated, for conflict messages. */
interface At {
  readonly index: number;
  readonly fail: (why: string) => never;
}

const related = (a: string, b: string): boolean => a === b || a.startsWith(`${b}.`) || b.startsWith(`${a}.`);

/**
 * The SCIM 1.1 partial resource being assembled. A 1.1 body has no order, so an operation that removes what
 * another one sets (or the reverse) cannot be expressed and is refused, naming both operations.
 */
export class Scim1Body {
  private readonly schemas: string[] = [SCIM1Schemas.Core];
  private readonly body: JsonObject = {};
  private readonly removals = new Map<string, { path: string; index: number }>();
  private readonly sets = new Map<string, number>();
  private readonly entries = new Map<string, { primary: unknown; index: number }[]>();

  useSchema(urn: string): void {
    if (!this.schemas.includes(urn)) this.schemas.push(urn);
  }

  /** Lists `path` (1.1 dotted form) in `meta.attributes`. */
  remove(path: string, at: At): void {
    const key = path.toLowerCase();
    for (const [set, index] of this.sets) {
      if (related(set, key)) at.fail(`it removes ${path}, which operation ${index} sets`);
    }
    for (const entry of this.entries.get(key) ?? []) {
      // Removing `emails` removes only the secondary, so a change of the primary is unaffected.
      if (!(key === "emails" && entry.primary === true)) {
        at.fail(`it removes ${path}, to which operation ${entry.index} adds a value`);
      }
    }
    if (!this.removals.has(key)) this.removals.set(key, { path, index: at.index });
  }

  /** Sets `value` at `parts` (attribute, then sub-attributes), merging objects the way a partial resource does. */
  set(parts: readonly string[], value: unknown, at: At): void {
    this.register(parts.join(".").toLowerCase(), value, at);
    let holder = this.body;
    for (const part of parts.slice(0, -1)) {
      if (!isObject(holder[part])) holder[part] = {};
      holder = holder[part] as JsonObject;
    }
    const last = parts[parts.length - 1] as string;
    const existing = holder[last];
    holder[last] =
      isObject(existing) && isObject(value)
        ? { ...existing, ...structuredClone(value) }
        : structuredClone(value);
  }

  private register(key: string, value: unknown, at: At): void {
    if (isObject(value) && Object.keys(value).length > 0) {
      for (const [k, v] of Object.entries(value)) this.register(`${key}.${k.toLowerCase()}`, v, at);
      return;
    }
    for (const [removed, { index }] of this.removals) {
      if (related(removed, key)) at.fail(`it sets ${key}, which operation ${index} removes`);
    }
    this.sets.set(key, at.index);
  }

  /** Appends an entry to a multi-valued attribute (`operation: "delete"` entries included). */
  addEntry(attribute: string, entry: unknown, at: At): void {
    const key = attribute.toLowerCase();
    const deleting = isObject(entry) && entry["operation"] === "delete";
    const primary = isObject(entry) ? entry["primary"] : undefined;
    const removal = this.removals.get(key);
    if (removal !== undefined && !deleting) {
      if (key === "emails" && primary === false) {
        // Removing the secondary and then setting one is the same as setting it.
        this.removals.delete(key);
      } else if (!(key === "emails" && primary === true)) {
        at.fail(`it adds to ${attribute}, which operation ${removal.index} removes`);
      }
    }
    if (!deleting) {
      const list = this.entries.get(key) ?? [];
      list.push({ primary, index: at.index });
      this.entries.set(key, list);
    }
    const values = Array.isArray(this.body[attribute]) ? (this.body[attribute] as unknown[]) : [];
    values.push(structuredClone(entry));
    this.body[attribute] = values;
  }

  /**
   * The operation index of the first email set without any email of the body flagged `primary: true`, if any:
   * 1.1 would then make one of the unflagged entries the primary.
   */
  unanchoredEmail(): number | undefined {
    const list = this.entries.get("emails") ?? [];
    if (
      list.some(
        (e) => e.primary === true || (typeof e.primary === "string" && e.primary.toLowerCase() === "true"),
      )
    )
      return undefined;
    return list[0]?.index;
  }

  toJSON(): JsonObject {
    const result: JsonObject = { schemas: [...this.schemas], ...this.body };
    if (this.removals.size > 0) {
      // `meta` is read-only, so no operation can have set it: the body's `meta` is the removals alone.
      result["meta"] = { attributes: [...this.removals.values()].map((r) => r.path) };
    }
    return result;
  }
}
