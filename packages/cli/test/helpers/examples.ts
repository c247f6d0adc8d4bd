import { expect } from "vitest";
import { type CliResult, Collector, cli, exampleOrg, shellWords, signalSource } from "./cli.js";

/**
 * The command lines of `markdown`'s ```sh blocks that run `slack-scim` (or `npx slack-scim`), without comments,
 * a trailing `&`, or the `npx`.
 */
export function commandLines(markdown: string): string[] {
  const blocks = [...markdown.matchAll(/```sh\n([\s\S]*?)```/g)].map((match) => match[1] ?? "");
  return blocks
    .flatMap((block) => block.split("\n"))
    .map((line) =>
      line
        .replace(/\s+#.*$/, "")
        .replace(/\s*&$/, "")
        .trim(),
    )
    .map((line) => line.replace(/^npx /, ""))
    .filter((line) => line.startsWith("slack-scim "));
}

/**
 * Runs example command lines in order against the example org, each expected to exit 0. `emulator` lines
 * start an emulator on a free port (not the example's fixed one) and stop it with Ctrl-C once it listens.
 */
export async function runExamples(lines: readonly string[]): Promise<CliResult[]> {
  const { emulator, cwd } = await exampleOrg();
  const results: CliResult[] = [];
  for (const line of lines) {
    const argv = shellWords(line).slice(1);
    if (argv[0] === "emulator") {
      const port = argv.indexOf("--port");
      if (port >= 0) argv[port + 1] = "0";
      const stdout = new Collector();
      const signals = signalSource();
      const running = cli(argv, { stdout, signals });
      for (let i = 0; i < 500 && !stdout.text.includes("listening"); i += 1) {
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      signals.emit("SIGINT");
      const result = await running;
      expect(result.code, line).toBe(0);
      expect(result.stdout).toContain("slack-scim-emulator stopped");
      results.push(result);
      continue;
    }
    const result = await cli(argv, { org: emulator, cwd });
    expect(result.code, `${line}\n${result.stderr}`).toBe(0);
    results.push(result);
  }
  return results;
}
