import type { Group, User } from "slack-scim";
import type { CommandContext } from "../context.js";
import type { Format } from "../global-options.js";
import { type Column, cellText, columnsFor, project, type ResourceKind } from "./fields.js";
import type { Sink } from "./sink.js";
import { cleanCell, fitWidths, tableLine } from "./table.js";

/** A resource the writers print. */
export type Resource = User | Group;

/** Writes a list of resources in batches (a page at a time), so memory stays flat. */
export interface ListWriter {
  /** Writes one batch. */
  write(batch: readonly Resource[]): Promise<void>;
  /** Closes the list (the JSON array's `]`). */
  end(): Promise<void>;
  /** Resources written so far. */
  readonly count: number;
}

/** How to print resources. */
export interface RecordOptions {
  /** Output format. */
  format: Format;
  /** Users or groups: decides the columns. */
  kind: ResourceKind;
  /** `--fields`: print only these columns (in every format). */
  fields?: readonly string[] | undefined;
  /** Table columns when `--fields` is not given. */
  tableColumns?: readonly string[];
}

type CsvStringify = (rows: unknown[][]) => string;

/**
 * Text is written in pieces of about this many characters, not a page at a time: a string of a whole page
 * (1.3 MB for 1,000 users) lands in V8's large-object space, which only a full collection frees, and an export
 * of many pages then holds more memory the longer it runs.
 */
const pieceSize = 64 * 1024;

/** Collects text and writes it to `sink` in pieces of about {@link pieceSize} characters. */
class PieceWriter {
  readonly #sink: Sink;
  #text = "";

  constructor(sink: Sink) {
    this.#sink = sink;
  }

  /** Adds text; true when a piece is full and {@link PieceWriter.flush} should be awaited. */
  add(text: string): boolean {
    this.#text += text;
    return this.#text.length >= pieceSize;
  }

  /** Writes what was collected. */
  async flush(): Promise<void> {
    if (this.#text === "") return;
    const text = this.#text;
    this.#text = "";
    await this.#sink.write(text);
  }
}

async function csvStringifier(): Promise<CsvStringify> {
  const { stringify } = await import("csv-stringify/sync");
  return (rows) => stringify(rows);
}

/**
 * A writer for `format`: NDJSON (one resource a line), JSON (one array, streamed), CSV (the documented
 * columns, header first) or a table (header and widths from the first batch; later cells are cut to fit).
 */
export async function listWriter(
  ctx: CommandContext,
  sink: Sink,
  options: RecordOptions,
): Promise<ListWriter> {
  const { format, kind, fields } = options;
  const selected = fields ? columnsFor(kind, fields) : undefined;
  const shape = (resource: Resource) => (selected ? project(resource, selected) : resource);
  let count = 0;
  const out = new PieceWriter(sink);
  if (format === "ndjson") {
    return {
      get count() {
        return count;
      },
      async write(batch) {
        for (const resource of batch) if (out.add(`${JSON.stringify(shape(resource))}\n`)) await out.flush();
        count += batch.length;
        await out.flush();
      },
      async end() {},
    };
  }
  if (format === "json") {
    return {
      get count() {
        return count;
      },
      async write(batch) {
        for (const resource of batch) {
          if (out.add(`${count === 0 ? "[\n" : ",\n"}${JSON.stringify(shape(resource))}`)) await out.flush();
          count += 1;
        }
        await out.flush();
      },
      async end() {
        await sink.write(count === 0 ? "[]\n" : "\n]\n");
      },
    };
  }
  const columns =
    selected ?? columnsFor(kind, undefined, format === "table" ? options.tableColumns : undefined);
  const cells = (resource: Resource) =>
    columns.map((column) => cellText(column.get(resource as Record<string, unknown>)));
  if (format === "csv") {
    const stringify = await csvStringifier();
    return {
      get count() {
        return count;
      },
      async write(batch) {
        if (batch.length === 0) return;
        if (count === 0) out.add(stringify([columns.map((column) => column.name)]));
        for (let i = 0; i < batch.length; i += 50)
          if (out.add(stringify(batch.slice(i, i + 50).map(cells)))) await out.flush();
        count += batch.length;
        await out.flush();
      },
      async end() {
        if (count === 0) await sink.write(stringify([columns.map((column) => column.name)]));
      },
    };
  }
  let widths: number[] | undefined;
  return {
    get count() {
      return count;
    },
    async write(batch) {
      if (batch.length === 0) return;
      const rows = batch.map((resource) => cells(resource).map(cleanCell));
      let text = "";
      if (!widths) {
        const header = columns.map((column) => column.name);
        widths = fitWidths(header, rows, ctx.out.columns);
        text += `${tableLine(header, widths, (cell) => ctx.out.paint("bold", cell))}\n`;
      }
      for (const row of rows) text += `${tableLine(row, widths)}\n`;
      count += batch.length;
      await sink.write(text);
    },
    async end() {
      if (count === 0) ctx.info(`no ${kind} found`);
    },
  };
}

/** Prints one resource: pretty JSON, one NDJSON line, a CSV header and row, or a two-column table. */
export async function writeItem(
  ctx: CommandContext,
  resource: Resource,
  options: Omit<RecordOptions, "tableColumns">,
): Promise<void> {
  const { format, kind, fields } = options;
  const selected = fields ? columnsFor(kind, fields) : undefined;
  if (format === "json" || format === "ndjson") {
    const shaped = selected ? project(resource, selected) : resource;
    await ctx.stdout.write(
      `${format === "json" ? JSON.stringify(shaped, null, 2) : JSON.stringify(shaped)}\n`,
    );
    return;
  }
  const columns: readonly Column[] = selected ?? columnsFor(kind, undefined);
  if (format === "csv") {
    const stringify = await csvStringifier();
    const row = columns.map((column) => cellText(column.get(resource as Record<string, unknown>)));
    await ctx.stdout.write(stringify([columns.map((column) => column.name), row]));
    return;
  }
  const pairs = columns
    .map(
      (column) =>
        [column.name, cleanCell(cellText(column.get(resource as Record<string, unknown>)))] as const,
    )
    .filter(([, value]) => value !== "" || selected);
  const keyWidth = Math.max(...pairs.map(([key]) => key.length));
  const valueWidth = Math.max(10, ctx.out.columns - keyWidth - 2);
  const lines = pairs.map(([key, value]) =>
    tableLine([key, value], [keyWidth, valueWidth], undefined).replace(key, ctx.out.paint("bold", key)),
  );
  await ctx.stdout.write(`${lines.join("\n")}\n`);
}
