#!/usr/bin/env node
import { run } from "./run.js";

const io = {
  env: process.env,
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  signals: process,
};
process.exitCode = await run(process.argv.slice(2), io);
