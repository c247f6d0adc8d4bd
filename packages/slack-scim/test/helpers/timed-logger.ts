import type { Logger, LogLevel } from "../../src/index.js";

/** One logged line, with the `performance.now()` at which the client wrote it. */
export interface TimedLine {
  at: number;
  level: LogLevel;
  text: string;
}

/** A logger that keeps every line with its time, in the order the client wrote them. */
export function timedLogger(entries: TimedLine[] = []): Logger & { entries: TimedLine[] } {
  let current: LogLevel = "info";
  const keep =
    (level: LogLevel) =>
    (...msg: unknown[]) => {
      const text = msg.map((m) => (typeof m === "string" ? m : JSON.stringify(m))).join(" ");
      entries.push({ at: performance.now(), level, text });
    };
  return {
    entries,
    debug: keep("debug"),
    info: keep("info"),
    warn: keep("warn"),
    error: keep("error"),
    setLevel: (level) => {
      current = level;
    },
    getLevel: () => current,
    setName: () => {},
  };
}

/**
 * The requests the client sent, in order, from its debug lines (`→ GET http://…`): the only record of attempts
 * that never reached a server (connection refused). Needs `logLevel: "debug"`.
 */
export function sentRequests(
  entries: readonly TimedLine[],
): { index: number; method: string; url: string }[] {
  const out: { index: number; method: string; url: string }[] = [];
  entries.forEach((entry, index) => {
    const match = /^→ ([A-Z]+) (\S+)/.exec(entry.text);
    if (entry.level === "debug" && match) out.push({ index, method: match[1] ?? "", url: match[2] ?? "" });
  });
  return out;
}
