import { displayWidth } from "./terminal.js";

/** Gap between two columns. */
const gap = "  ";

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters would break the table's lines.
const control = /[\u0000-\u001f\u007f]+/g;

/** A cell made safe for one table line: control characters (newlines, tabs, escapes) become spaces. */
export function cleanCell(text: string): string {
  return text.replace(control, " ");
}

/** `text` cut to `width` characters, with `…` when cut. */
export function truncate(text: string, width: number): string {
  const chars = [...text];
  if (chars.length <= width) return text;
  return width <= 1 ? "…".slice(0, width) : `${chars.slice(0, width - 1).join("")}…`;
}

/**
 * Column widths for `rows` under `header` that fit `maxWidth`: each column as wide as its widest cell, then
 * the widest columns shrink until the line fits, first down to their header (at least 6 characters), then,
 * on a very narrow terminal, down to 3.
 */
export function fitWidths(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  maxWidth: number,
): number[] {
  const widths = header.map((title, i) =>
    Math.max(displayWidth(title), ...rows.map((row) => displayWidth(row[i] ?? ""))),
  );
  const total = () => widths.reduce((sum, w) => sum + w, 0) + gap.length * (widths.length - 1);
  const shrink = (floor: number[]) => {
    while (total() > maxWidth) {
      let widest = -1;
      widths.forEach((width, i) => {
        if (width > (floor[i] as number) && (widest < 0 || width > (widths[widest] as number))) widest = i;
      });
      if (widest < 0) return;
      widths[widest] = (widths[widest] as number) - 1;
    }
  };
  shrink(header.map((title, i) => Math.min(widths[i] as number, Math.max(6, displayWidth(title)))));
  shrink(widths.map((width) => Math.min(width, 3)));
  return widths;
}

/** One table line: cells cut and padded to `widths`, the last one not padded. */
export function tableLine(
  cells: readonly string[],
  widths: readonly number[],
  paint?: (text: string) => string,
): string {
  const parts = widths.map((width, i) => {
    const cell = truncate(cells[i] ?? "", width);
    const padded =
      i === widths.length - 1 ? cell : cell + " ".repeat(Math.max(0, width - displayWidth(cell)));
    return paint ? paint(padded) : padded;
  });
  return parts.join(gap).trimEnd();
}
