import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { commands } from "../src/registry.js";
import { peopleCsv } from "./helpers/cli.js";
import { commandLines, runExamples } from "./helpers/examples.js";

describe("examples", () => {
  it("every README example runs against the emulator", async () => {
    const readme = await readFile(new URL("../README.md", import.meta.url), "utf8");
    const lines = commandLines(readme);
    expect(lines.length).toBeGreaterThan(25);
    // Every command appears in the README.
    for (const command of commands) {
      const name = `slack-scim ${command.path.join(" ")}`;
      expect(
        lines.some((line) => line.startsWith(name)),
        name,
      ).toBe(true);
    }
    // The sync examples read the people.csv the README shows.
    expect(readme).toContain(`people.csv:\n\n\`\`\`csv\n${peopleCsv}\`\`\``);
    await runExamples(lines);
  });

  it("every --help example runs against the emulator", async () => {
    const lines = commands.flatMap((command) => command.examples);
    expect(lines.length).toBeGreaterThanOrEqual(commands.length);
    await runExamples(lines);
  });
});
