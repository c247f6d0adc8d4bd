import { type ChildProcess, execFile, spawn } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/**
 * The root README's commands, run as written in a fresh copy of the repository: its tracked files (and new ones
 * not ignored), no node_modules, no dist/. This is what a newcomer's clone holds. It costs one `npm ci` from the
 * npm cache (a few seconds) and one build; cheaper checks (the bin resolving in this workspace) would miss the
 * bug it guards against: npm links a package's bin at install time only if the file exists then.
 */
const run = promisify(execFile);
const repo = fileURLToPath(new URL("../../../", import.meta.url));
const readme = readFileSync(join(repo, "README.md"), "utf8");
let clone: string;
/** Every command started, so none outlives the file even when a test fails. */
const started: { child: ChildProcess; exited: Promise<void> }[] = [];

/**
 * The README's command lines (in its first `sh` block) that start the emulator on port 8787, without their
 * leading `npm ci &&` (run once, in `beforeAll`) and their trailing comment.
 */
function emulatorCommands(): string[] {
  const block = /```sh\n([\s\S]*?)```/.exec(readme)?.[1] ?? "";
  return block
    .split("\n")
    .filter((line) => line.includes("--port 8787"))
    .map((line) => {
      expect(line.startsWith("npm ci && "), line).toBe(true);
      return (line.split("#")[0] as string).slice("npm ci && ".length).trim();
    });
}

/** Runs a shell command in the clone until it prints the emulator's URLs; returns its SCIM 1.1 base URL. */
async function startInClone(
  command: string,
): Promise<{ url: string; child: ChildProcess; exited: Promise<void> }> {
  // Port 0 instead of 8787: another emulator may hold 8787 on this machine.
  const child = spawn("sh", ["-c", command.replace("--port 8787", "--port 0")], {
    cwd: clone,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  started.push({ child, exited });
  let out = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    out += chunk.toString();
  });
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout?.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const m = /SCIM 1\.1: (\S+)/.exec(out);
      if (m?.[1]) resolve(m[1]);
    });
    void exited.then(() => reject(new Error(`"${command}" exited: ${out}`)));
  });
  return { url, child, exited };
}

async function stop(command: { child: ChildProcess; exited: Promise<void> }): Promise<void> {
  // The whole process group: npm, the shell and node (ESRCH: every one of them has ended already).
  try {
    process.kill(-(command.child.pid as number), "SIGTERM");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ESRCH") throw error;
  }
  await command.exited;
}

beforeAll(async () => {
  clone = mkdtempSync(join(tmpdir(), "slack-scim-clone-"));
  const { stdout } = await run("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], {
    cwd: repo,
    maxBuffer: 16 * 1024 * 1024,
  });
  for (const file of stdout.split("\0")) {
    if (file === "" || !existsSync(join(repo, file))) continue;
    mkdirSync(dirname(join(clone, file)), { recursive: true });
    copyFileSync(join(repo, file), join(clone, file));
  }
  expect(existsSync(join(clone, "packages", "emulator", "dist"))).toBe(false);
  // The README's `npm ci`; from the npm cache this workspace's own install filled, so no network is needed.
  await run("npm", ["ci", "--prefer-offline", "--no-audit", "--no-fund"], { cwd: clone });
}, 120_000);

afterAll(async () => {
  for (const command of started) await stop(command);
  rmSync(clone, { recursive: true, force: true });
});

describe("the root README's commands, in a fresh copy of the repository", () => {
  it("npm ci links slack-scim-emulator before any build; before the build it says what to do", async () => {
    const bin = join(clone, "node_modules", ".bin", "slack-scim-emulator");
    expect(existsSync(bin)).toBe(true);
    const result = await run(bin, ["--port", "0"], { cwd: clone }).catch(
      (error: { code: number; stderr: string }) => error,
    );
    expect(result).toMatchObject({
      code: 1,
      stderr: "slack-scim-emulator: not built yet: run `npm run build` at the repository's root first\n",
    });
  });

  it.each(emulatorCommands())(
    "%s serves the emulator",
    async (command) => {
      const started = await startInClone(command);
      try {
        const res = await fetch(`${started.url}Users?count=1`, {
          headers: { authorization: "Bearer xoxp-slack-scim-emulator" },
        });
        expect(res.status, command).toBe(200);
      } finally {
        await stop(started);
      }
    },
    120_000,
  );

  it("the README shows both ways to start the emulator", () => {
    expect(emulatorCommands()).toEqual([
      "npm run build && npx slack-scim-emulator --port 8787",
      "npm run emulator -- --port 8787",
    ]);
  });
});
