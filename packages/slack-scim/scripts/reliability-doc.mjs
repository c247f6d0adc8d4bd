// Regenerates docs/reliability.md: runs the fault matrix (test/fault-matrix-v*.test.ts), which records what it
// observed, then renders the page from those observations (test/fault-matrix-doc.test.ts, in write mode). The
// page is written only when every case passed and matched the rules.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const packageDir = fileURLToPath(new URL("../", import.meta.url));
const vitest = join(dirname(createRequire(import.meta.url).resolve("vitest/package.json")), "vitest.mjs");
const out = mkdtempSync(join(tmpdir(), "slack-scim-reliability-"));

function run(files, env) {
  const result = spawnSync(process.execPath, [vitest, "run", ...files], {
    cwd: packageDir,
    stdio: "inherit",
    env: { ...process.env, SLACK_SCIM_RELIABILITY_OUT: out, ...env },
  });
  return result.status === 0;
}

let ok = false;
try {
  ok =
    run(["test/fault-matrix-v1.test.ts", "test/fault-matrix-v2.test.ts"], {}) &&
    run(["test/fault-matrix-doc.test.ts"], { SLACK_SCIM_RELIABILITY_WRITE: "1" });
} finally {
  rmSync(out, { recursive: true, force: true });
}
if (!ok) {
  console.error("docs/reliability.md not written: the fault matrix failed (see above).");
  process.exitCode = 1;
} else {
  console.log("docs/reliability.md written from the observed outcomes.");
}
