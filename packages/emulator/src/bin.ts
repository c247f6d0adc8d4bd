#!/usr/bin/env node
import { runServer } from "./cli.js";

const server = await runServer(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  signals: process,
});
process.exitCode = await server.done;
