import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { UsageError } from "./errors.js";
import type { InputStream } from "./io.js";

/** Line and column (both 1-based) of a character offset in `text`. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = 0; i < offset && i < text.length; i += 1) {
    if (text[i] === "\n") {
      line += 1;
      start = i + 1;
    }
  }
  return { line, column: Math.min(offset, text.length) - start + 1 };
}

const jsonNumber = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/;
const literal = /^(?:true|false|null)/;

/**
 * The offset of the first character that breaks JSON's grammar in `text`, or -1 when there is none. Node 20's
 * `JSON.parse` names no position for some errors (`Unexpected token '}', …`), so the place is found here.
 */
export function jsonErrorOffset(text: string): number {
  let i = 0;
  const fail = (): never => {
    throw i;
  };
  const space = () => {
    while (i < text.length && " \t\n\r".includes(text[i] as string)) i += 1;
  };
  const string = () => {
    i += 1;
    while (i < text.length) {
      const c = text[i] as string;
      if (c === '"') {
        i += 1;
        return;
      }
      if (c < " ") fail();
      i += c === "\\" ? 2 : 1;
    }
    fail();
  };
  const value = (): void => {
    space();
    const c = text[i];
    if (c === "{" || c === "[") {
      const close = c === "{" ? "}" : "]";
      i += 1;
      space();
      if (text[i] === close) {
        i += 1;
        return;
      }
      for (;;) {
        if (c === "{") {
          space();
          if (text[i] !== '"') fail();
          string();
          space();
          if (text[i] !== ":") fail();
          i += 1;
        }
        value();
        space();
        if (text[i] === ",") i += 1;
        else if (text[i] === close) {
          i += 1;
          return;
        } else fail();
      }
    }
    if (c === '"') {
      string();
      return;
    }
    const token = jsonNumber.exec(text.slice(i, i + 100))?.[0] || literal.exec(text.slice(i, i + 5))?.[0];
    if (!token) fail();
    i += (token as string).length;
  };
  try {
    value();
    space();
    if (i < text.length) fail();
    return -1;
  } catch (at) {
    return typeof at === "number" ? at : -1;
  }
}

/** Where `JSON.parse` stopped: the offset its message names, else where the grammar breaks, else the end. */
function offsetOf(error: SyntaxError, text: string): number {
  const at = /at position (\d+)/.exec(error.message);
  if (at) return Number(at[1]);
  const found = jsonErrorOffset(text);
  return found >= 0 ? found : text.length;
}

/** Reads all of `stream` as UTF-8 text. */
async function readAll(stream: InputStream): Promise<string> {
  const decoder = new TextDecoder();
  let text = "";
  for await (const chunk of stream)
    text += typeof chunk === "string" ? chunk : decoder.decode(chunk, { stream: true });
  return text + decoder.decode();
}

/**
 * Reads a JSON object from `FILE` (or standard input for `-`). Broken JSON is a usage error naming the file,
 * the line and column, and the parser's complaint: `user.json:3:14: …`.
 *
 * @param what - What the object is, for messages: "a SCIM user".
 */
export async function readJsonObject(
  file: string,
  options: { cwd: string; stdin?: InputStream | undefined; what: string },
): Promise<Record<string, unknown>> {
  const shownAs = file === "-" ? "stdin" : file;
  let text: string;
  if (file === "-") {
    if (!options.stdin) throw new UsageError("--from - needs standard input");
    text = await readAll(options.stdin);
  } else {
    try {
      text = await readFile(resolve(options.cwd, file), "utf8");
    } catch (error) {
      throw new UsageError(
        `cannot read ${shownAs}: ${(error as { code?: string }).code ?? (error as Error).message}`,
      );
    }
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const { line, column } = lineAndColumn(text, offsetOf(error as SyntaxError, text));
    // The parser's complaint, without the snippet of the file it may quote.
    const reason = (error as Error).message.replace(/\s*\(line \d+ column \d+\)/, "").replace(/, ".*$/s, "");
    throw new UsageError(`${shownAs}:${line}:${column}: broken JSON: ${reason}`, `fix ${shownAs} and rerun`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new UsageError(`${shownAs}: expected a JSON object (${options.what})`);
  }
  return value as Record<string, unknown>;
}
