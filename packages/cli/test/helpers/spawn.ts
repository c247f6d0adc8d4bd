import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { expectNoSecret } from "./cli.js";

/** The committed bin, which loads the built command. */
export const binPath = fileURLToPath(new URL("../../bin/slack-scim.js", import.meta.url));

/** A spawned `slack-scim` process. */
export interface Spawned {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Exit code and signal, once the process has ended (stdout and stderr read to the end). */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Spawns the bin with `args` and `env` (nothing inherited but PATH). */
export function spawnCli(args: readonly string[], env: Record<string, string> = {}): Spawned {
  const child = spawn(process.execPath, [binPath, ...args], {
    stdio: ["pipe", "pipe", "pipe"],
    env: { PATH: process.env["PATH"] ?? "", ...env },
  });
  let out = "";
  let err = "";
  child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
    out += chunk;
  });
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
    err += chunk;
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("close", (code, signal) => {
      expectNoSecret(out, err);
      resolve({ code, signal });
    }),
  );
  child.stdin?.end();
  return { child, stdout: () => out, stderr: () => err, exited };
}

/** Resolves once `read()` matches `pattern` (polling every 10 ms), or rejects after `ms`. */
export async function waitFor(read: () => string, pattern: RegExp, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!pattern.test(read())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${pattern} in:\n${read()}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
