#!/usr/bin/env node
// The command's entry, committed outside dist/ so that `npm ci` links it into node_modules/.bin before the
// first build (npm links only files that exist). It loads the built code when run.
import { existsSync } from "node:fs";

const built = new URL("../dist/bin.js", import.meta.url);
if (existsSync(built)) {
  await import(built.href);
} else {
  process.stderr.write(
    "slack-scim-emulator: not built yet: run `npm run build` at the repository's root first\n",
  );
  process.exitCode = 1;
}
