import type { Check } from "../checks.js";
import type { CommandContext } from "../context.js";

/**
 * Prints checks as a list (`✓ name  detail`, `✗ name  detail` then `  fix: …`), or as CSV rows
 * `name,ok,detail,remedy`.
 */
export async function printChecks(
  ctx: CommandContext,
  checks: readonly Check[],
  csv: boolean,
): Promise<void> {
  if (csv) {
    const { stringify } = await import("csv-stringify/sync");
    const rows = checks.map((c) => [
      c.name,
      c.ok === undefined ? "" : String(c.ok),
      c.detail,
      c.remedy ?? "",
    ]);
    await ctx.stdout.write(stringify([["name", "ok", "detail", "remedy"], ...rows]));
    return;
  }
  const width = Math.max(...checks.map((check) => check.name.length));
  const lines: string[] = [];
  for (const check of checks) {
    const mark =
      check.ok === true
        ? ctx.out.paint("green", "✓")
        : check.ok === false
          ? ctx.out.paint("red", "✗")
          : ctx.out.paint("dim", "•");
    lines.push(`${mark} ${check.name.padEnd(width)}  ${check.detail}`);
    if (check.remedy)
      lines.push(`  ${" ".repeat(width)}  ${ctx.out.paint("yellow", "fix:")} ${check.remedy}`);
  }
  await ctx.stdout.write(`${lines.join("\n")}\n`);
}
