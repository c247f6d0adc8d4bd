import { InvalidArgumentError } from "@commander-js/extra-typings";

/** `--limit N`: a whole number of at least 1. */
export function parsePositiveInt(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < 1) {
    throw new InvalidArgumentError("must be a whole number of at least 1");
  }
  return n;
}

/** `--fields a,b,c`: names, spaces around commas ignored, at least one. */
export function parseList(value: string): string[] {
  const names = value
    .split(",")
    .map((name) => name.trim())
    .filter((name) => name !== "");
  if (names.length === 0) throw new InvalidArgumentError("must name at least one field");
  return names;
}

/** `--max-deactivations N`: a whole number, 0 or more. */
export function parseCount(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n)) {
    throw new InvalidArgumentError("must be a whole number (0 or more)");
  }
  return n;
}

const durationUnits: Readonly<Record<string, number>> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
};

/** `--max-age 24h`: a number with a unit (`ms`, `s`, `m`, `h`, `d`), in milliseconds. */
export function parseDuration(value: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/.exec(value.trim());
  const unit = match ? durationUnits[match[2] as string] : undefined;
  if (!match || unit === undefined) {
    throw new InvalidArgumentError("must be a duration with a unit: 90s, 30m, 24h, 7d");
  }
  return Number(match[1]) * unit;
}

/** `--map "Work Phone=phone"` (repeatable): header → attribute; `header=` ignores the column. */
export function collectMapping(
  value: string,
  previous: Record<string, string | null> = {},
): Record<string, string | null> {
  const at = value.indexOf("=");
  const header = value.slice(0, at).trim();
  if (at < 0 || header === "") {
    throw new InvalidArgumentError(
      'must be header=attribute ("Work Phone=phone"; "Notes=" ignores a column)',
    );
  }
  const attribute = value.slice(at + 1).trim();
  return { ...previous, [header]: attribute === "" ? null : attribute };
}
