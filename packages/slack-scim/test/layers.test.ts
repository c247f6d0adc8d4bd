import { execFile } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

// The client's layers, top to bottom: a file may import its own folder or any folder below it, never above.
// v1 and v2 share a rank but must not import each other. The main entry (index.ts) and each subpath's entry
// sit above everything.
const ranks: Record<string, number> = {
  core: 0,
  models: 1,
  retry: 2,
  ratelimit: 3,
  filter: 4,
  patch: 5,
  client: 6,
  v1: 7,
  v2: 7,
  sync: 8,
  redis: 8,
};
const src = fileURLToPath(new URL("../src/", import.meta.url));
const packageDir = fileURLToPath(new URL("../", import.meta.url));
const run = promisify(execFile);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? sourceFiles(join(dir, entry.name))
      : entry.name.endsWith(".ts")
        ? [join(dir, entry.name)]
        : [],
  );
}

function layerOf(file: string): string {
  const [first, ...rest] = relative(src, file).split(sep);
  return rest.length === 0 ? "(entry)" : (first ?? "");
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, "utf8");
  return [...text.matchAll(/(?:from|import)\s*\(?\s*"(\.{1,2}\/[^"]+)"/g)].map((m) =>
    resolve(file, "..", m[1] ?? ""),
  );
}

describe("the client's layers", () => {
  const files = sourceFiles(src);

  it("puts every source file in a known layer", () => {
    const unknown = files.map(layerOf).filter((layer) => layer !== "(entry)" && !(layer in ranks));
    expect(unknown).toEqual([]);
  });

  it("has every import point down (or within its own folder)", () => {
    const upward: string[] = [];
    for (const file of files) {
      const from = layerOf(file);
      if (from === "(entry)") continue;
      for (const target of importsOf(file)) {
        const to = layerOf(target);
        const ok = to === from || (to !== "(entry)" && (ranks[to] ?? 99) < (ranks[from] ?? -1));
        if (!ok) upward.push(`${relative(src, file)} imports ${relative(src, target)}`);
      }
    }
    expect(upward).toEqual([]);
  });

  it("keeps the bottom layer free of undici except in its transport", () => {
    const users = files
      .filter((f) => /from "undici"/.test(readFileSync(f, "utf8")))
      .map((f) => relative(src, f));
    expect(users).toEqual([join("core", "undici-transport.ts")]);
  });
});

describe("loading", () => {
  it("never imports undici for a client given `fetch` (an in-process emulator here)", async () => {
    // A resolve hook in a child process refuses the "undici" specifier; the client must not need it.
    const hook = `data:text/javascript,${encodeURIComponent(
      'export async function resolve(s, c, next) { if (s === "undici") throw new Error("undici was imported"); return next(s, c); }',
    )}`;
    const script = [
      'import { register } from "node:module";',
      `register(${JSON.stringify(hook)});`,
      'const { SCIMClient } = await import("slack-scim");',
      'const { createEmulator } = await import("slack-scim-emulator");',
      "const emulator = createEmulator();",
      "const fetch = (input, init) => emulator.fetch(new Request(input, init));",
      'const client = new SCIMClient(emulator.adminToken, { baseUrl: "http://scim.test/scim/v1/", fetch });',
      "const { totalResults } = await client.searchUsers({ count: 1 });",
      "console.log(typeof totalResults);",
    ].join("\n");
    const { stdout } = await run(process.execPath, ["--input-type=module", "-e", script], {
      cwd: packageDir,
    });
    expect(stdout.trim()).toBe("number");
  });
});
