#!/usr/bin/env node
import { processIO, runServer } from "./cli.js";

const server = await runServer(process.argv.slice(2), processIO(process.stdout, process.stderr, process));
process.exitCode = await server.done;
