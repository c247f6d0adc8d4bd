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

/**
 * Spawns the bin with `args` and waits until it prints its URLs. `fileSizeLimitKB` runs it under `ulimit -f`
 * (bash), so writes past that size fail part-way, as on a full disk.
 */
export function spawnBin(args: string[], options: { fileSizeLimitKB?: number } = {}): Promise<BinProcess> {
  const command =
    options.fileSizeLimitKB === undefined
      ? [process.execPath, binPath, ...args]
      : [
          "bash",
          "-c",
          'ulimit -f "$1"; shift; exec "$@"',
          "bash",
          String(options.fileSizeLimitKB),
          process.execPath,
          binPath,
          ...args,
        ];
  const child = spawn(command[0] as string, command.slice(1), { stdio: ["ignore", "pipe", "pipe"] });
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
