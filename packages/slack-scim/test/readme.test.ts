import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const root = new URL("../", import.meta.url);
// The package README and the repository's front page show examples/*.ts, each under its marker.
const readme = [new URL("README.md", root), new URL("../../README.md", root)]
  .map((file) => readFileSync(file, "utf8"))
  .join("\n");
const examples = readdirSync(new URL("examples/", root)).filter((name) => name.endsWith(".ts"));

describe("README examples", () => {
  it("shows every file of examples/ verbatim, under its marker", () => {
    const shown = [...readme.matchAll(/<!-- example: (\S+) -->\n\n```ts\n([\s\S]*?)```/g)];
    expect(shown.map((m) => m[1]).sort()).toEqual([...examples].sort());
    for (const [, name, code] of shown) {
      expect(code, name).toBe(readFileSync(new URL(`examples/${name}`, root), "utf8"));
    }
  });

  it("has no TypeScript block outside the examples, so every block shown is one that runs", () => {
    const blocks = readme.match(/```ts\n/g) ?? [];
    expect(blocks).toHaveLength(examples.length);
  });
});
