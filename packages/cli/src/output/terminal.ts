import { styleText } from "node:util";
import type { OutputStream } from "../io.js";

/** The styles the command uses. */
export type Style = "bold" | "dim" | "red" | "green" | "yellow" | "cyan";

/** How one output stream behaves: a terminal (tables, colour, progress) or a pipe/file (plain data). */
export interface Terminal {
  /** A terminal, or forced to behave like one with `SLACK_SCIM_FORCE_TTY=1`. */
  readonly isTTY: boolean;
  /** Width in characters: the terminal's, else `COLUMNS`, else 80. */
  readonly columns: number;
  /** Whether {@link Terminal.paint} adds colour. */
  readonly color: boolean;
  /** `text` in `style` when colour is on, else `text` unchanged. */
  paint(style: Style, text: string): string;
}

/** What decides colour besides the stream: `--no-color` and the environment. */
export interface TerminalOptions {
  env: Readonly<Record<string, string | undefined>>;
  /** `false` after `--no-color`. */
  color: boolean;
}

/**
 * Describes `stream`. Colour needs a terminal, no `--no-color`, `NO_COLOR` unset or empty (https://no-color.org)
 * and `TERM` other than `dumb`. `SLACK_SCIM_FORCE_TTY=1` makes a pipe behave like a terminal, for tests and
 * recordings.
 */
export function terminalOf(stream: OutputStream, options: TerminalOptions): Terminal {
  const { env } = options;
  const isTTY = stream.isTTY === true || env["SLACK_SCIM_FORCE_TTY"] === "1";
  const fromEnv = Number(env["COLUMNS"]);
  const columns =
    stream.isTTY && stream.columns ? stream.columns : Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : 80;
  const color = isTTY && options.color && !env["NO_COLOR"] && env["TERM"] !== "dumb";
  // Node 20's styleText checks process.stdout (not the stream we write to) unless told not to; the decision is
  // made above, so the check is switched off.
  const paint = color
    ? (style: Style, text: string) => styleText(style, text, { validateStream: false })
    : (_style: Style, text: string) => text;
  return { isTTY, columns, color, paint };
}

/** Display width of `text`: code points, with ANSI colour sequences left out. */
export function displayWidth(text: string): number {
  let width = 0;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI escape sequences are what is removed.
  for (const _ of text.replace(/\u001b\[[0-9;]*m/g, "")) width += 1;
  return width;
}
