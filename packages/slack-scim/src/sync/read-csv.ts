import type { Transform } from "node:stream";
import { Readable } from "node:stream";
import { StringDecoder } from "node:string_decoder";
import type { ColumnResolver } from "./columns.js";
import type { DesiredSyncUser, SyncAttribute } from "./desired-user.js";
import type { IssueList } from "./issues.js";
import { buildUser, type EmptyValues, type FileChecks, type InputField } from "./records.js";

/** What the CSV reader needs from `readDesiredUsers`. */
export interface CSVReadContext {
  file: string;
  delimiter: string;
  columns: ColumnResolver;
  unknownColumns: "error" | "ignore";
  emptyValues: EmptyValues;
  issues: IssueList;
  checks: FileChecks;
  signal: AbortSignal | undefined;
}

type ParseFunction = (options: Record<string, unknown>) => Transform;

/** Loads `csv-parse`, an optional peer dependency, on first use; a clear error when it is not installed. */
async function loadParser(): Promise<ParseFunction> {
  try {
    const mod = (await import("csv-parse")) as unknown as { parse: ParseFunction };
    return mod.parse;
  } catch (error) {
    throw new Error(
      'Reading CSV needs the "csv-parse" package, an optional peer dependency of slack-scim: run `npm install csv-parse`',
      { cause: error },
    );
  }
}

/**
 * Text chunks as UTF-8 without a byte-order mark, with CRLF and lone CR turned into LF (inside quoted fields too),
 * so the parser counts lines the same way for every line ending.
 */
async function* normalised(source: AsyncIterable<string | Uint8Array>): AsyncGenerator<string> {
  const decoder = new StringDecoder("utf8");
  let first = true;
  let pendingCR = false;
  for await (const chunk of source) {
    let text = typeof chunk === "string" ? chunk : decoder.write(Buffer.from(chunk));
    if (first && text !== "") {
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      first = false;
    }
    if (pendingCR) text = `\r${text}`;
    pendingCR = text.endsWith("\r");
    if (pendingCR) text = text.slice(0, -1);
    if (text !== "") yield text.replace(/\r\n?/g, "\n");
  }
  const rest = decoder.end();
  const tail = (pendingCR ? "\r" : "") + rest;
  if (tail !== "") yield tail.replace(/\r\n?/g, "\n");
}

const quoteAdvice = 'put the whole field in quotes and double the quotes inside it ("")';
const parseErrors: Record<string, string> = {
  CSV_QUOTE_NOT_CLOSED: "a quoted field is never closed (its opening quote is in this record)",
  INVALID_OPENING_QUOTE: `a quote in the middle of a field; ${quoteAdvice}`,
  CSV_INVALID_CLOSING_QUOTE: `text after a closing quote; ${quoteAdvice}`,
};

interface Header {
  columns: ({ attribute: SyncAttribute; header: string } | undefined)[];
  width: number;
  /** The 1-based position of each attribute's column. */
  numbers: Map<SyncAttribute, number>;
}

function readHeader(record: string[], line: number, ctx: CSVReadContext): Header {
  const at = { file: ctx.file, line };
  const columns: Header["columns"] = [];
  const used = new Map<SyncAttribute, number>();
  record.forEach((raw, index) => {
    const header = raw.trim();
    const where = { header: header === "" ? `#${index + 1}` : header, number: index + 1 };
    const attribute = header === "" ? undefined : ctx.columns.resolve(header);
    if (header === "") ctx.issues.add(at, "the header is empty", where);
    else if (attribute === undefined && ctx.unknownColumns === "error") {
      ctx.issues.add(
        at,
        `unknown column ${JSON.stringify(header)}: map it to an attribute (map: { ${JSON.stringify(header)}: "title" }), map it to null to ignore it, or set unknownColumns: "ignore"`,
        where,
      );
    }
    if (attribute) {
      const earlier = used.get(attribute);
      if (earlier !== undefined) {
        ctx.issues.add(at, `column ${earlier} already gives ${attribute}`, where);
      } else used.set(attribute, index + 1);
      columns.push({ attribute, header });
    } else columns.push(undefined);
  });
  for (const required of ["userName", "email"] as const) {
    if (!used.has(required)) ctx.issues.add(at, `required column ${required} is missing`);
  }
  return { columns, width: record.length, numbers: used };
}

/**
 * Reads CSV records as they stream: the first non-blank record is the header; blank records (every field empty)
 * are skipped; each record is checked and turned into a desired user.
 */
export async function readCSV(
  source: AsyncIterable<string | Uint8Array>,
  ctx: CSVReadContext,
): Promise<DesiredSyncUser[]> {
  const parse = await loadParser();
  // The line the last record ended on, seen as the parser goes (before the iteration below sees the record): a
  // parse error is in the record after it.
  let lastEnd = 0;
  const parser = parse({
    delimiter: ctx.delimiter,
    relax_column_count: true,
    info: true,
    on_record: (entry: unknown, context: { lines: number }) => {
      lastEnd = context.lines;
      return entry;
    },
  });
  const input = Readable.from(normalised(source));
  input.on("error", (error) => parser.destroy(error));
  input.pipe(parser);
  const users: DesiredSyncUser[] = [];
  let header: Header | undefined;
  try {
    for await (const entry of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      ctx.signal?.throwIfAborted();
      const { record, info } = entry;
      // The parser reports the line a record ends on; a record's own line breaks put its start earlier.
      const breaks = record.reduce((n, field) => n + (field.match(/\n/g)?.length ?? 0), 0);
      const line = info.lines - breaks;
      if (record.every((field) => field.trim() === "")) continue;
      if (header === undefined) {
        header = readHeader(record, line, ctx);
        if (ctx.issues.issues.length > 0) break;
        continue;
      }
      const user = readRecord(record, line, header, ctx);
      if (user) users.push(user);
      if (ctx.issues.full) break;
    }
  } catch (error) {
    ctx.signal?.throwIfAborted();
    const code = (error as { code?: unknown }).code;
    if (typeof code !== "string" || typeof (error as { lines?: unknown }).lines !== "number") throw error;
    ctx.issues.add({ file: ctx.file, line: lastEnd + 1 }, parseErrors[code] ?? (error as Error).message);
  } finally {
    input.destroy();
    parser.destroy();
  }
  if (header === undefined && ctx.issues.issues.length === 0) {
    ctx.issues.add({ file: ctx.file, line: 1 }, "the file has no header row");
  }
  return users;
}

function readRecord(
  record: string[],
  line: number,
  header: Header,
  ctx: CSVReadContext,
): DesiredSyncUser | undefined {
  const at = { file: ctx.file, line };
  if (record.length !== header.width) {
    ctx.issues.add(
      at,
      `the record has ${record.length} field${record.length === 1 ? "" : "s"}; the header has ${header.width} (a quote or a delimiter out of place?)`,
    );
    return undefined;
  }
  const fields: InputField[] = [];
  header.columns.forEach((column, index) => {
    if (column === undefined) return;
    fields.push({ ...column, columnNumber: index + 1, value: record[index] });
  });
  const user = buildUser(fields, at, ctx.issues, ctx.emptyValues);
  if (user) ctx.checks.check(user, at, ctx.issues, header.numbers);
  return user;
}
