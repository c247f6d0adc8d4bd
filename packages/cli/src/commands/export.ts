import { Argument } from "@commander-js/extra-typings";
import { defineCommand } from "../command.js";
import { UsageError } from "../errors.js";
import type { Format } from "../global-options.js";
import { parseList } from "../parsers.js";

const byExtension: Readonly<Record<string, Format>> = {
  csv: "csv",
  json: "json",
  ndjson: "ndjson",
  jsonl: "ndjson",
};

/** The export's format: `--format`, else the `--out` file's extension, else NDJSON. Tables are refused. */
export function exportFormat(format: Format | undefined, out: string | undefined): Format {
  if (format === "table") {
    throw new UsageError("export writes csv, ndjson or json, not a table", "use `users list` for a table");
  }
  if (format) return format;
  const extension = out?.split(".").pop()?.toLowerCase();
  return (extension && byExtension[extension]) || "ndjson";
}

/** `slack-scim export users|groups`: every user or group, streamed to stdout or a file. */
export const exportCommand = defineCommand({
  path: ["export"],
  summary: "export every user or group as CSV, NDJSON or JSON, streamed",
  description:
    "Memory stays flat at any org size: each page is written before the next is read. The CSV columns are listed in the README and never change order. The format follows --format, else the --out extension (.csv, .json, .ndjson), else NDJSON. Ctrl-C stops after the page in flight; what was written stays readable.",
  examples: [
    "slack-scim export users --out users.csv",
    "slack-scim export groups --format json --out groups.json",
  ],
  configure: (command) =>
    command
      .addArgument(new Argument("<resource>", "what to export").choices(["users", "groups"] as const))
      .option("--out <file>", "write to FILE instead of stdout")
      .option("--filter <expr>", "SCIM filter (users: userName, email, …; groups: displayName)")
      .option("--fields <list>", "columns to write, comma-separated (default: all)", parseList),
  async run(ctx, [resource], options) {
    const format = exportFormat(ctx.settings.format, options.out);
    const [{ streamResources }, { fileSink }, { resolve }, { formatCount }] = await Promise.all([
      import("../walk.js"),
      import("../output/sink.js"),
      import("node:path"),
      import("../output/numbers.js"),
    ]);
    const sink = options.out ? await fileSink(resolve(ctx.cwd, options.out), options.out) : ctx.stdout;
    let result: Awaited<ReturnType<typeof streamResources>>;
    try {
      result = await streamResources(ctx, {
        kind: resource,
        format,
        sink,
        filter: options.filter,
        fields: options.fields,
        label: `exporting ${resource}`,
      });
    } finally {
      await sink.end();
    }
    const where = options.out ? ` to ${options.out}` : "";
    if (result.stopped && ctx.stopReason === "interrupt") {
      ctx.writeErr(
        `interrupted: exported ${formatCount(result.count)} ${resource}${where} (incomplete, but readable)`,
      );
      return 130;
    }
    ctx.success(
      `exported ${formatCount(result.count)} ${resource}${where} in ${(result.elapsedMs / 1000).toFixed(1)} s`,
    );
    return undefined;
  },
});
