import { createReadStream } from "node:fs";
import { extname } from "node:path";
import { fileURLToPath } from "node:url";
import { type ColumnMapping, ColumnResolver, checkMapping } from "./columns.js";
import type { DesiredSyncUser } from "./desired-user.js";
import { IssueList } from "./issues.js";
import { readCSV } from "./read-csv.js";
import { type JSONReadContext, readJSON, readNDJSON, readObject } from "./read-json.js";
import { type EmptyValues, FileChecks, markChecked } from "./records.js";

/** Input formats `readDesiredUsers` reads. */
export type DesiredUsersFormat = "csv" | "ndjson" | "json";

/** Where desired users come from: a file path or URL, a stream of text or bytes, or objects already parsed. */
export type DesiredUsersSource = string | URL | AsyncIterable<string | Uint8Array> | readonly object[];

/** Options of {@link readDesiredUsers}. */
export interface ReadDesiredUsersOptions {
  /**
   * The input's format. Inferred from a file's extension (`.csv`, `.tsv`, `.ndjson`, `.jsonl`, `.json`);
   * required for a stream.
   */
  format?: DesiredUsersFormat;
  /** The name messages give a stream. @defaultValue the path, `"<stream>"` or `"<array>"` */
  fileName?: string;
  /** Headers (or JSON keys) that are not attribute names: header → attribute, or `null` to ignore the column. */
  map?: ColumnMapping;
  /**
   * A header that is neither an attribute nor in `map`: an input error (`"error"`, so a misspelt `titel` is
   * caught), or ignored.
   * @defaultValue `"error"`
   */
  unknownColumns?: "error" | "ignore";
  /**
   * What an empty cell (or a JSON `null`) means: `"clear"` the attribute in Slack, or `"keep"` Slack's value. A
   * column the file does not have is always left alone. Empty `givenName` and `familyName` together leave the
   * name alone (Slack refuses a user without a name).
   * @defaultValue `"clear"`
   */
  emptyValues?: EmptyValues;
  /**
   * Where managers must be: `"file"` (every manager is someone in the file, checked here) or `"fileOrSlack"`
   * (`planSync` checks the others against the org, and refuses a manager that names nobody).
   * @defaultValue `"fileOrSlack"`
   */
  managers?: "file" | "fileOrSlack";
  /** CSV field delimiter. @defaultValue `","` (`"\t"` for a `.tsv` file) */
  delimiter?: string;
  /** Problems reported at most (reading stops there). @defaultValue 100 */
  maxErrors?: number;
  /** Stops reading; the call rejects with the signal's reason. */
  signal?: AbortSignal;
}

const formats: Record<string, DesiredUsersFormat> = {
  ".csv": "csv",
  ".tsv": "csv",
  ".txt": "csv",
  ".ndjson": "ndjson",
  ".jsonl": "ndjson",
  ".json": "json",
};

function check(options: ReadDesiredUsersOptions): void {
  const { format, unknownColumns, emptyValues, managers, delimiter, maxErrors } = options;
  const oneOf = (name: string, value: unknown, allowed: readonly string[]) => {
    if (value !== undefined && !allowed.includes(value as string)) {
      throw new TypeError(`readDesiredUsers: option ${name} must be one of ${allowed.join(", ")}`);
    }
  };
  oneOf("format", format, ["csv", "ndjson", "json"]);
  oneOf("unknownColumns", unknownColumns, ["error", "ignore"]);
  oneOf("emptyValues", emptyValues, ["clear", "keep"]);
  oneOf("managers", managers, ["file", "fileOrSlack"]);
  if (
    delimiter !== undefined &&
    (typeof delimiter !== "string" || delimiter.length !== 1 || /["\r\n]/.test(delimiter))
  ) {
    throw new TypeError(
      "readDesiredUsers: option delimiter must be one character (not a quote or a line break)",
    );
  }
  if (maxErrors !== undefined && (!Number.isInteger(maxErrors) || maxErrors < 1)) {
    throw new RangeError("readDesiredUsers: option maxErrors must be an integer >= 1");
  }
  if (options.fileName !== undefined && typeof options.fileName !== "string") {
    throw new TypeError("readDesiredUsers: option fileName must be a string");
  }
}

function isAsyncIterable(value: unknown): value is AsyncIterable<string | Uint8Array> {
  return typeof (value as { [Symbol.asyncIterator]?: unknown } | null)?.[Symbol.asyncIterator] === "function";
}

/**
 * Reads the people Slack should have, from CSV (streamed; needs the optional peer dependency `csv-parse`),
 * NDJSON (streamed) or a JSON array, and checks every record before returning: required columns, email syntax,
 * values Slack refuses (a `userName` over 21 characters or with other characters than letters, digits, `.`,
 * `_` and `-`; a display name with `@`, `<`, `>` or an emoji), the same `userName`, email or `externalId`
 * twice, a person who is their own manager. All problems are reported at once (up to `maxErrors`).
 *
 * Columns (any case): `userName`, `email`, `givenName`, `familyName`, `displayName`, `title`, `department`,
 * `division`, `organization`, `costCenter`, `employeeNumber`, `manager` (a `userName` or email), `phone`,
 * `externalId`, `active`, `groups` (display names separated by `;`). Other headers need `map`.
 *
 * The list and its records are frozen (`planSync` then need not check them again): copy one to change it
 * (`{ ...record, title: "CTO" }`); `planSync` checks records it has not seen.
 *
 * @throws {@link SyncInputError} listing every problem with its file, line and column.
 * @throws `TypeError` for a bad option, or a stream without `format`.
 * @example
 * ```ts
 * const desired = await readDesiredUsers("people.csv", { map: { "Work Email": "email" } });
 * ```
 */
export async function readDesiredUsers(
  source: DesiredUsersSource,
  options: ReadDesiredUsersOptions = {},
): Promise<readonly DesiredSyncUser[]> {
  check(options);
  const columns = new ColumnResolver(checkMapping(options.map));
  const issues = new IssueList(options.maxErrors ?? 100);
  const checks = new FileChecks();
  const base = {
    columns,
    unknownColumns: options.unknownColumns ?? "error",
    emptyValues: options.emptyValues ?? "clear",
    issues,
    checks,
    signal: options.signal,
  } as const;
  options.signal?.throwIfAborted();
  let users: DesiredSyncUser[];
  if (Array.isArray(source)) {
    const ctx: JSONReadContext = { ...base, file: options.fileName ?? "<array>" };
    users = [];
    for (const [index, item] of source.entries()) {
      const user = readObject(item, { file: ctx.file, line: index + 1 }, ctx);
      if (user) users.push(user);
      if (issues.full) break;
    }
  } else {
    const path =
      typeof source === "string" ? source : source instanceof URL ? fileURLToPath(source) : undefined;
    if (path === undefined && !isAsyncIterable(source)) {
      throw new TypeError("readDesiredUsers: source must be a path, a URL, a stream or an array of objects");
    }
    const format = options.format ?? (path === undefined ? undefined : formats[extname(path).toLowerCase()]);
    if (format === undefined) {
      throw new TypeError(
        `readDesiredUsers: option format is required for ${path === undefined ? "a stream" : `"${path}"`} (csv, ndjson or json)`,
      );
    }
    const file = options.fileName ?? path ?? "<stream>";
    const stream =
      path === undefined ? (source as AsyncIterable<string | Uint8Array>) : createReadStream(path);
    const ctx = { ...base, file };
    if (format === "csv") {
      const delimiter = options.delimiter ?? (path?.toLowerCase().endsWith(".tsv") ? "\t" : ",");
      users = await readCSV(stream, { ...ctx, delimiter });
    } else users = await (format === "ndjson" ? readNDJSON : readJSON)(stream, ctx);
  }
  if (options.managers === "file") checks.checkManagersInFile(issues);
  issues.throwIfAny();
  return markChecked(users);
}
