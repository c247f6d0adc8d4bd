import { createInterface } from "node:readline";
import { Readable } from "node:stream";
import type { ColumnResolver } from "./columns.js";
import type { DesiredSyncUser } from "./desired-user.js";
import type { IssueList, RecordLocation } from "./issues.js";
import { buildUser, type EmptyValues, type FileChecks, type InputField } from "./records.js";

/** What the JSON readers need from `readDesiredUsers`. */
export interface JSONReadContext {
  file: string;
  columns: ColumnResolver;
  unknownColumns: "error" | "ignore";
  emptyValues: EmptyValues;
  issues: IssueList;
  checks: FileChecks;
  signal: AbortSignal | undefined;
}

/** Keys already reported as unknown (once per key, not once per record). */
const reportedKeys = new WeakMap<JSONReadContext, Set<string>>();

/** One JSON object (a record of NDJSON or an element of a JSON array) as a desired user. */
export function readObject(
  value: unknown,
  at: RecordLocation,
  ctx: JSONReadContext,
): DesiredSyncUser | undefined {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    ctx.issues.add(at, "each record must be a JSON object");
    return undefined;
  }
  const fields: InputField[] = [];
  const used = new Set<string>();
  for (const [key, field] of Object.entries(value)) {
    const attribute = ctx.columns.resolve(key);
    if (attribute === undefined) {
      if (ctx.unknownColumns === "ignore") continue;
      const reported = reportedKeys.get(ctx) ?? new Set<string>();
      reportedKeys.set(ctx, reported);
      if (!reported.has(key)) {
        reported.add(key);
        ctx.issues.add(
          at,
          `unknown key ${JSON.stringify(key)}: map it to an attribute, map it to null to ignore it, or set unknownColumns: "ignore"`,
          { header: key },
        );
      }
      continue;
    }
    if (attribute === null) continue;
    if (used.has(attribute)) {
      ctx.issues.add(at, `another key already gives ${attribute}`, { header: key });
      continue;
    }
    used.add(attribute);
    fields.push({ attribute, header: key, value: field });
  }
  const user = buildUser(fields, at, ctx.issues, ctx.emptyValues);
  if (user) ctx.checks.check(user, at, ctx.issues);
  return user;
}

/** Reads NDJSON (one object per line; blank lines skipped) as it streams. */
export async function readNDJSON(
  source: AsyncIterable<string | Uint8Array>,
  ctx: JSONReadContext,
): Promise<DesiredSyncUser[]> {
  const users: DesiredSyncUser[] = [];
  const lines = createInterface({ input: Readable.from(source), crlfDelay: Number.POSITIVE_INFINITY });
  let line = 0;
  try {
    for await (const raw of lines) {
      ctx.signal?.throwIfAborted();
      line += 1;
      const text = line === 1 ? raw.replace(/^\uFEFF/, "") : raw;
      if (text.trim() === "") continue;
      const at = { file: ctx.file, line };
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch (error) {
        ctx.issues.add(at, `not valid JSON (${(error as Error).message})`);
        continue;
      }
      const user = readObject(value, at, ctx);
      if (user) users.push(user);
      if (ctx.issues.full) break;
    }
  } finally {
    lines.close();
  }
  return users;
}

/** Where each element of a top-level JSON array starts (1-based line, offset), by scanning the text once. */
export function elementStarts(text: string): { line: number; offset: number }[] {
  const starts: { line: number; offset: number }[] = [];
  let line = 1;
  let depth = 0;
  let inString = false;
  let expectValue = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (c === "\n") line += 1;
    if (inString) {
      if (c === "\\") i += 1;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === " " || c === "\t" || c === "\r" || c === "\n") continue;
    if (depth === 1 && expectValue && c !== "]") {
      starts.push({ line, offset: i });
      expectValue = false;
    }
    if (c === '"') inString = true;
    else if (c === "[" || c === "{") {
      depth += 1;
      if (depth === 1) expectValue = true;
    } else if (c === "]" || c === "}") depth -= 1;
    else if (c === "," && depth === 1) expectValue = true;
  }
  return starts;
}

/**
 * The line of a JSON syntax error: from the message where the runtime gives a position, else the first array
 * element that does not parse on its own (Node 20's messages carry no position).
 */
function errorLine(text: string, message: string): number {
  const position = /position (\d+)/.exec(message)?.[1];
  const lineCol = /\(line (\d+) column/.exec(message)?.[1];
  if (lineCol !== undefined) return Number(lineCol);
  if (position !== undefined) return text.slice(0, Number(position)).split("\n").length;
  const starts = elementStarts(text);
  for (const [index, start] of starts.entries()) {
    const end = starts[index + 1]?.offset ?? text.lastIndexOf("]");
    const element = text
      .slice(start.offset, end > start.offset ? end : undefined)
      .trim()
      .replace(/,$/, "");
    try {
      JSON.parse(element);
    } catch {
      return start.line;
    }
  }
  return 1;
}

/** Reads a JSON array of objects (read whole: JSON cannot be parsed as it streams; use NDJSON for big files). */
export async function readJSON(
  source: AsyncIterable<string | Uint8Array>,
  ctx: JSONReadContext,
): Promise<DesiredSyncUser[]> {
  const chunks: Buffer[] = [];
  for await (const chunk of source) {
    ctx.signal?.throwIfAborted();
    chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : Buffer.from(chunk));
  }
  const text = Buffer.concat(chunks)
    .toString("utf8")
    .replace(/^\uFEFF/, "");
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    ctx.issues.add({ file: ctx.file, line: errorLine(text, message) }, `not valid JSON (${message})`);
    return [];
  }
  if (!Array.isArray(value)) {
    ctx.issues.add({ file: ctx.file, line: 1 }, "a JSON file must hold an array of objects");
    return [];
  }
  const starts = elementStarts(text);
  const users: DesiredSyncUser[] = [];
  value.forEach((item, index) => {
    if (ctx.issues.full) return;
    const user = readObject(item, { file: ctx.file, line: starts[index]?.line ?? 1 }, ctx);
    if (user) users.push(user);
  });
  return users;
}
