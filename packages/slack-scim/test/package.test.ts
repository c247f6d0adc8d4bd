import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, posix } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// The published package as a user gets it: `npm pack`, unpacked into a bare project's node_modules.
const run = promisify(execFile);
const packageDir = fileURLToPath(new URL("../", import.meta.url));
const workspaceModules = fileURLToPath(new URL("../../../node_modules/", import.meta.url));
let project: string;

beforeAll(async () => {
  project = mkdtempSync(join(tmpdir(), "slack-scim-package-"));
  const { stdout } = await run("npm", ["pack", "--json", "--pack-destination", project], { cwd: packageDir });
  const [{ filename, files }] = JSON.parse(stdout) as [{ filename: string; files: { path: string }[] }];
  expect(
    files
      .map((f) => f.path)
      .every((p) => /^(dist\/|package\.json$|README\.md$|CHANGELOG\.md$|LICENSE$)/.test(p)),
  ).toBe(true);
  const target = join(project, "node_modules", "slack-scim");
  mkdirSync(target, { recursive: true });
  await run("tar", ["-xzf", join(project, filename), "-C", target, "--strip-components=1"]);
  // Its one dependency, and Node's types for TypeScript users, from the workspace (no network in tests).
  symlinkSync(join(workspaceModules, "undici"), join(project, "node_modules", "undici"));
  symlinkSync(join(workspaceModules, "@types"), join(project, "node_modules", "@types"));
}, 60_000);

afterAll(() => rmSync(project, { recursive: true, force: true }));

const node = (args: string[]) => run(process.execPath, args, { cwd: project });
const tsc = join(workspaceModules, "typescript", "bin", "tsc");

describe("the packed package", () => {
  it("loads with ESM import", async () => {
    const { stdout } = await node([
      "--input-type=module",
      "-e",
      'import { SCIMClient, SCIM2Client } from "slack-scim"; import { scimStringLiteral } from "slack-scim/patch"; import { planSync, readDesiredUsers } from "slack-scim/sync"; import { RedisRateLimitStore } from "slack-scim/redis"; console.log(typeof SCIMClient, typeof SCIM2Client, scimStringLiteral("a"), typeof planSync, (await readDesiredUsers([{ userName: "ada", email: "ada@acme.example" }])).length, typeof RedisRateLimitStore);',
    ]);
    expect(stdout.trim()).toBe('function function "a" function 1 function');
  });

  it("loads with CommonJS require (require(esm), Node 20.19+)", async () => {
    const { stdout } = await node([
      "-e",
      'const { SCIMClient, SCIMHTTPError } = require("slack-scim"); const { diffUser } = require("slack-scim/patch"); const { applyPlan, SyncInputError } = require("slack-scim/sync"); const { RedisRateLimitStore } = require("slack-scim/redis"); console.log(typeof SCIMClient, typeof SCIMHTTPError, typeof diffUser, typeof applyPlan, typeof SyncInputError, typeof RedisRateLimitStore);',
    ]);
    expect(stdout.trim()).toBe("function function function function function function");
  });

  it.each([
    ["nodenext", ["--module", "nodenext", "--moduleResolution", "nodenext"]],
    ["bundler", ["--module", "preserve", "--moduleResolution", "bundler"]],
  ])("type-checks for TypeScript users with moduleResolution %s", async (_name, flags) => {
    writeFileSync(
      join(project, "use.ts"),
      [
        'import { SCIMClient, type User, type SearchUsersResponse } from "slack-scim";',
        'import { type DesiredUser, diffUser } from "slack-scim/patch";',
        'import { type DesiredSyncUser, planSync, type SyncPlan } from "slack-scim/sync";',
        'import { RedisRateLimitStore } from "slack-scim/redis";',
        "export const store = new RedisRateLimitStore({ evalsha: async () => '', eval: async () => '' });",
        'const client = new SCIMClient("xoxp-1");',
        "const desired: DesiredUser = { userName: 'ada' };",
        "export const ops = diffUser({ userName: 'ada' }, desired);",
        "const user: User = { userName: 'ada', emails: [{ value: 'a@b.c' }] };",
        "export const page: Promise<SearchUsersResponse> = client.searchUsers({ count: 1 });",
        "export const name: string | undefined = user.userName;",
        "const people: DesiredSyncUser[] = [{ userName: 'ada', email: 'ada@acme.example', groups: ['Eng'] }];",
        "export const plan: Promise<SyncPlan> = planSync(client, people, { deactivateMissing: true, scope: { exclude: [] } });",
      ].join("\n"),
    );
    await run(process.execPath, [tsc, "--noEmit", "--strict", "--types", "node", ...flags, "use.ts"], {
      cwd: project,
    }).catch((error: { stdout?: string }) => {
      throw new Error(`tsc failed: ${error.stdout}`);
    });
  });

  it("passes publint and attw (esm-only profile)", async () => {
    await run(join(workspaceModules, ".bin", "publint"), ["--strict"], { cwd: packageDir });
    await run(join(workspaceModules, ".bin", "attw"), ["--pack", ".", "--profile", "esm-only"], {
      cwd: packageDir,
    });
  }, 60_000);
});

/** The files `npm pack` would put in a workspace package (a dry run: nothing is written). */
async function packedFiles(dir: string): Promise<string[]> {
  const { stdout } = await run("npm", ["pack", "--dry-run", "--json"], { cwd: dir });
  const [{ files }] = JSON.parse(stdout) as [{ files: { path: string }[] }];
  return files.map((f) => f.path);
}

describe.each([
  ["slack-scim", packageDir],
  ["slack-scim-emulator", fileURLToPath(new URL("../../emulator/", import.meta.url))],
])("the packed %s", (_name, dir) => {
  let files: string[];
  beforeAll(async () => {
    files = await packedFiles(dir);
  }, 60_000);

  it("ships the MIT LICENSE, the same text as the repository's", () => {
    expect(files).toContain("LICENSE");
    const license = readFileSync(join(dir, "LICENSE"), "utf8");
    expect(license).toMatch(/^MIT License\n/);
    expect(license).toBe(readFileSync(join(dir, "..", "..", "LICENSE"), "utf8"));
    expect(JSON.parse(readFileSync(join(dir, "package.json"), "utf8")).license).toBe("MIT");
  });

  it("has no source or declaration map that points at a file outside the package", () => {
    const packed = new Set(files);
    const outside: string[] = [];
    for (const file of files) {
      const text = readFileSync(join(dir, file), "utf8");
      if (file.endsWith(".map")) {
        const map = JSON.parse(text) as { sources?: string[] };
        for (const source of map.sources ?? []) {
          const target = posix.normalize(posix.join(posix.dirname(file), source));
          if (!packed.has(target)) outside.push(`${file} → ${source}`);
        }
      } else if (/\.(js|ts)$/.test(file)) {
        const url = /\/\/# sourceMappingURL=(\S+)\s*$/.exec(text)?.[1];
        if (url && !url.startsWith("data:")) {
          const target = posix.normalize(posix.join(posix.dirname(file), url));
          if (!packed.has(target)) outside.push(`${file} → ${url}`);
        }
      }
    }
    expect(outside).toEqual([]);
    expect(files.some((f) => f.startsWith("dist/") && f.endsWith(".d.ts"))).toBe(true);
  });
});
