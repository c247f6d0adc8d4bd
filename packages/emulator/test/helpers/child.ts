import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

/** Path of the built bin. */
export const binPath = fileURLToPath(new URL("../../dist/bin.js", import.meta.url));

/** A spawned `slack-scim-emulator` process, with the base URLs it printed. */
export interface BinProcess {
  child: ChildProcess;
  url: string;
  token: string;
  stdout: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Spawns the bin with `args` and waits until it prints its URLs. */
export function spawnBin(args: string[]): Promise<BinProcess> {
  const child = spawn(process.execPath, [binPath, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  let err = "";
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  return new Promise((resolve, reject) => {
    child.stderr?.on("data", (chunk: Buffer) => {
      err += chunk.toString();
    });
    child.stdout?.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const v1 = /SCIM 1\.1: (http:\/\/\S+)\/scim\/v1\//.exec(out);
      const token = /token: +(\S+)/.exec(out);
      if (v1?.[1] && token?.[1]) resolve({ child, url: v1[1], token: token[1], stdout: () => out, exited });
    });
    void exited.then(({ code }) => reject(new Error(`bin exited with ${code}: ${err}`)));
  });
}
