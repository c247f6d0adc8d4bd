import { checkFault, type Fault, parseFaultHeader } from "../faults/fault.js";

/** A command-line usage error: exit code 2, one line on stderr. */
export class UsageError extends Error {}

const effects = ["status", "reset", "html", "truncate", "latencyMs"] as const;

function withEffect(fault: Fault, spec: string): Fault {
  if (!effects.some((key) => fault[key] !== undefined)) {
    throw new UsageError(
      `--fault "${spec}" has no effect (give status=, reset=, latency=, truncate or html)`,
    );
  }
  return fault;
}

function times(value: string): number {
  if (value === "Infinity") return Number.POSITIVE_INFINITY;
  const n = Number(value);
  if (value === "" || !Number.isInteger(n) || n < 1) {
    throw new UsageError(`--fault: times=${value} must be an integer of 1 or more, or Infinity`);
  }
  return n;
}

/**
 * One `--fault` value, in either grammar of the fault API:
 * - the items of the `x-emulator-fault` header, plus `match=METHOD /Path` and `times=N|Infinity`
 *   (`"match=POST /Users; status=429; retry-after=0; times=2"`);
 * - or the JSON a `POST /_emulator/faults` takes (`'{"match":"GET /Users/*","reset":"before-body"}'`).
 *
 * Throws {@link UsageError} naming what is wrong.
 */
export function parseFaultSpec(spec: string): Fault {
  const text = spec.trim();
  try {
    if (text.startsWith("{")) {
      let raw: unknown;
      try {
        raw = JSON.parse(text);
      } catch {
        throw new UsageError(`--fault: not valid JSON: ${text}`);
      }
      const value =
        typeof raw === "object" && raw !== null && (raw as { times?: unknown }).times === "Infinity"
          ? { ...raw, times: Number.POSITIVE_INFINITY }
          : raw;
      return withEffect(checkFault(value, "--fault"), spec);
    }
    const fault: Fault = {};
    const rest: string[] = [];
    for (const item of text.split(/[;,]/)) {
      const [rawKey = "", ...value] = item.split("=");
      const key = rawKey.trim().toLowerCase();
      if (key === "match") fault.match = value.join("=").trim();
      else if (key === "times") fault.times = times(value.join("=").trim());
      else rest.push(item);
    }
    const effect = parseFaultHeader(rest.join(";")) ?? {};
    return withEffect(checkFault({ ...effect, ...fault }, "--fault"), spec);
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError((error as Error).message.replace(/^x-emulator-fault/, "--fault"));
  }
}
