import { isSyncAttribute, type SyncAttribute, syncAttributes } from "./desired-user.js";

/**
 * The `map` option of `readDesiredUsers`: input header (or JSON key) → attribute, for headers that are not the
 * attribute names themselves. `null` or `""` ignores the column.
 *
 * @example
 * ```ts
 * { "Employee ID": "employeeNumber", "Work Email": "email", "Badge colour": null }
 * ```
 */
export type ColumnMapping = Readonly<Record<string, SyncAttribute | null | "">>;

const byLowerName = new Map(syncAttributes.map((a) => [a.toLowerCase(), a]));

/** Checks the `map` option: a `TypeError` naming the entry that is not an attribute. */
export function checkMapping(map: unknown): ColumnMapping {
  if (map === undefined) return {};
  if (typeof map !== "object" || map === null || Array.isArray(map)) {
    throw new TypeError("readDesiredUsers: option map must be an object of header → attribute");
  }
  for (const [header, target] of Object.entries(map)) {
    if (target === null || target === "") continue;
    if (typeof target !== "string" || !isSyncAttribute(target)) {
      throw new TypeError(
        `readDesiredUsers: option map[${JSON.stringify(header)}] must be one of ${syncAttributes.join(", ")} (or null to ignore the column); got ${JSON.stringify(target)}`,
      );
    }
  }
  return map as ColumnMapping;
}

/**
 * Turns headers into attributes: an entry of `map` first (exact, then ignoring case and surrounding spaces),
 * then an attribute's own name in any case. `null` means "ignore this column", `undefined` "unknown header".
 */
export class ColumnResolver {
  readonly #exact = new Map<string, SyncAttribute | null>();
  readonly #loose = new Map<string, SyncAttribute | null>();

  constructor(map: ColumnMapping) {
    for (const [header, target] of Object.entries(map)) {
      const value = target === "" ? null : target;
      this.#exact.set(header, value);
      this.#loose.set(header.trim().toLowerCase(), value);
    }
  }

  /** The attribute of `header`; `null` to ignore it; `undefined` when nothing names it. */
  resolve(header: string): SyncAttribute | null | undefined {
    if (this.#exact.has(header)) return this.#exact.get(header);
    const key = header.trim().toLowerCase();
    if (this.#loose.has(key)) return this.#loose.get(key);
    return byLowerName.get(key);
  }
}
