/**
 * Formats an instant as ISO 8601 with the numeric offset of `timeZone`, as Slack writes `meta.created`
 * (`2024-03-05T09:14:27-08:00`).
 */
export function createdFormatter(timeZone: string): (ms: number) => string {
  const format = new Intl.DateTimeFormat("en-US", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    hourCycle: "h23",
    timeZoneName: "longOffset",
  });
  return (ms) => {
    const parts: Record<string, string> = {};
    for (const p of format.formatToParts(new Date(ms))) parts[p.type] = p.value;
    const zone = parts["timeZoneName"] ?? "GMT";
    const offset = zone === "GMT" ? "+00:00" : zone.slice(3);
    return `${parts["year"]}-${parts["month"]}-${parts["day"]}T${parts["hour"]}:${parts["minute"]}:${parts["second"]}${offset}`;
  };
}

/** Reads a clock option as milliseconds since the epoch. */
export function clockMs(now: () => number | Date): () => number {
  return () => {
    const t = now();
    return typeof t === "number" ? t : t.getTime();
  };
}
