#!/usr/bin/env node
// Runs the test suite under each supported Node line other than the one running npm (the workspace is built
// once; dist/ is plain ES2023 that every line runs). Node binaries come from the npm registry's `node` package,
// through npx, so nothing but the registry is needed.
import { spawnSync } from "node:child_process";

const lines = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ["22", "24"];
let failed = 0;
for (const line of lines) {
  process.stdout.write(`\n=== Node ${line} ===\n`);
  const result = spawnSync(
    "npx",
    [
      "--yes",
      "--package",
      `node@${line}`,
      "--call",
      "node --version && node node_modules/vitest/vitest.mjs run",
    ],
    { stdio: "inherit", env: { ...process.env, FORCE_COLOR: "0" } },
  );
  if (result.status !== 0) {
    failed += 1;
    process.stdout.write(`Node ${line}: FAILED (exit ${result.status})\n`);
  }
}
process.exitCode = failed === 0 ? 0 : 1;
