#!/usr/bin/env node
import { runDemo } from "./run-demo.js";

const started = performance.now();
await runDemo({ write: (line) => process.stdout.write(`${line}\n`) });
process.stdout.write(`\nDone in ${Math.round(performance.now() - started)} ms.\n`);
