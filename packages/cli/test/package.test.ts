import { readFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { cliVersion } from "../src/version.js";

const root = fileURLToPath(new URL("..", import.meta.url));

/** Static imports (`import … from "x"`, not `await import("x")`) of a built module. */
async function staticImports(file: string): Promise<string[]> {
  const text = await readFile(file, "utf8");
  return [...text.matchAll(/^import\s+(?:[^"';]+?\s+from\s+)?["']([^"']+)["'];?$/gm)].map(
    (m) => m[1] as string,
  );
}

describe("the package", () => {
  it("has the version package.json has", async () => {
    const pkg = JSON.parse(await readFile(join(root, "package.json"), "utf8"));
    expect(cliVersion).toBe(pkg.version);
    expect(pkg.bin).toEqual({ "slack-scim": "./bin/slack-scim.js" });
    expect(pkg.files).toEqual(["bin", "dist", "README.md", "CHANGELOG.md"]);
  });

  it("loads neither the client, CSV nor the emulator before a command runs (fast start-up)", async () => {
    const seen = new Set<string>();
    const external = new Set<string>();
    const visit = async (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      for (const spec of await staticImports(file)) {
        if (spec.startsWith(".")) await visit(resolve(dirname(file), spec));
        else external.add(spec);
      }
    };
    await visit(join(root, "dist/main.js"));
    await visit(join(root, "dist/registry.js"));
    await visit(join(root, "dist/program.js"));
    expect(seen.size).toBeGreaterThan(20);
    expect([...external].sort()).toEqual(["@commander-js/extra-typings", "node:util"]);
  });
});
