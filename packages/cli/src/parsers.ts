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
