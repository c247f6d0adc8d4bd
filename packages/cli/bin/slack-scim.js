#!/usr/bin/env node
// The bin exists before the build (npm links workspace bins at `npm ci`); the command itself is in dist/.
try {
  await import("../dist/main.js");
} catch (error) {
  if (error?.code === "ERR_MODULE_NOT_FOUND" && String(error.message).includes("dist/main.js")) {
    process.stderr.write("slack-scim: not built yet; run `npm run build` in the repository first\n");
    process.exitCode = 1;
  } else {
    throw error;
  }
}
