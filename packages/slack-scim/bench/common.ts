/** Pieces both benchmarks use. */
import type { Logger } from "slack-scim";

/** A logger that prints nothing: benchmarks measure requests, not console output. */
export const quiet: Logger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
  setLevel() {},
  getLevel: () => "info",
  setName() {},
};

/** The middle value (the upper one of an even count). */
export function median(values: number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;
}
