#!/usr/bin/env node
// Runs the test suite under each supported Node line other than the one running npm (the workspace is built
// once; dist/ is plain ES2023 that every line runs). Node binaries come from the npm registry's `node` package,
// through npx, so nothing but the registry is needed.
import { execFileSync, spawnSync } from "node:child_process";
import { dirname } from "node:path";

const lines = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ["22", "24"];
let failed = 0;
for (const line of lines) {
  process.stdout.write(`\n=== Node ${line} ===\n`);
  // Only the binary's path comes from npx: the suite then runs with a plain environment (an npx environment
  // would leak its own settings into the npm and npx commands that tests run).
  const node = execFileSync(
    "npx",
    ["--yes", "--package", `node@${line}`, "--", "node", "-p", "process.execPath"],
    { encoding: "utf8" },
  ).trim();
  const env = { ...process.env, PATH: `${dirname(node)}:${process.env.PATH ?? ""}`, FORCE_COLOR: "0" };
  for (const name of Object.keys(env)) if (name.startsWith("npm_")) delete env[name];
  const result = spawnSync(node, ["--version"], { stdio: "inherit", env });
  const run = spawnSync(node, ["node_modules/vitest/vitest.mjs", "run"], { stdio: "inherit", env });
  if (result.status !== 0 || run.status !== 0) {
    failed += 1;
    process.stdout.write(`Node ${line}: FAILED (exit ${run.status})\n`);
  }
}
process.exitCode = failed === 0 ? 0 : 1;
