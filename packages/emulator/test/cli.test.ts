import { EventEmitter } from "node:events";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { runServer, type ServerHandle, usage } from "../src/cli.js";

/** Captures what the command writes. */
function io(signals?: EventEmitter) {
  const out = { stdout: "", stderr: "" };
  return {
    out,
    io: {
      stdout: { write: (text: string) => (out.stdout += text) },
      stderr: { write: (text: string) => (out.stderr += text) },
      ...(signals ? { signals } : {}),
    },
  };
}

const running: ServerHandle[] = [];
const dirs: string[] = [];
afterEach(async () => {
  while (running.length > 0) await running.pop()?.close();
  while (dirs.length > 0) rmSync(dirs.pop() as string, { recursive: true, force: true });
});

async function run(argv: string[], signals?: EventEmitter) {
  const c = io(signals);
  const handle = await runServer(argv, c.io);
  running.push(handle);
  return { handle, out: c.out };
}

describe("slack-scim-emulator command (runServer)", () => {
  it("prints both base URLs, the token and the org size, and serves that org", async () => {
    const { handle, out } = await run(["--port", "0", "--seed-users", "7", "--seed-groups", "2"]);
    const url = /SCIM 2\.0: (http:\/\/127\.0\.0\.1:\d+\/scim\/v2\/)/.exec(out.stdout)?.[1];
    expect(url).toBe(handle.emulator?.v2BaseUrl);
    expect(out.stdout).toContain(`SCIM 1.1: ${handle.emulator?.v1BaseUrl}`);
    expect(out.stdout).toContain("token:    xoxp-slack-scim-emulator");
    expect(out.stdout).toContain("users:    7, groups: 2");
    const res = await fetch(`${url}Groups`, {
      headers: { authorization: "Bearer xoxp-slack-scim-emulator" },
    });
    expect(((await res.json()) as { totalResults: number }).totalResults).toBe(2);
    expect(out.stderr).toBe("");
  });

  it("accepts the --token it was given and no other", async () => {
    const { handle } = await run(["--port", "0", "--token", "xoxp-cli"]);
    const base = handle.emulator?.v1BaseUrl;
    expect((await fetch(`${base}Users`, { headers: { authorization: "Bearer xoxp-cli" } })).status).toBe(200);
    const other = await fetch(`${base}Users`, {
      headers: { authorization: "Bearer xoxp-slack-scim-emulator" },
    });
    expect(other.status).toBe(401);
  });

  it("stops on close(): the port is released, 'stopped' is printed and the exit code is 0", async () => {
    const { handle, out } = await run(["--port", "0"]);
    const base = handle.emulator?.v1BaseUrl;
    expect(await handle.close()).toBe(0);
    expect(await handle.done).toBe(0);
    expect(out.stdout).toMatch(/stopped\n$/);
    await expect(fetch(`${base}ServiceProviderConfigs`)).rejects.toThrow(TypeError);
  });

  it.each(["SIGINT", "SIGTERM"])("stops on %s and stops listening for the other signal", async (signal) => {
    const signals = new EventEmitter();
    const { handle, out } = await run(["--port", "0"], signals);
    expect(signals.listenerCount("SIGINT") + signals.listenerCount("SIGTERM")).toBe(2);
    signals.emit(signal);
    expect(await handle.done).toBe(0);
    expect(out.stdout).toContain("stopped");
    expect(signals.listenerCount("SIGINT") + signals.listenerCount("SIGTERM")).toBe(0);
  });

  it("prints the usage on --help and starts nothing (exit 0)", async () => {
    const { handle, out } = await run(["-h"]);
    expect(handle.emulator).toBeUndefined();
    expect(await handle.done).toBe(0);
    expect(out.stdout).toBe(usage);
  });

  it.each([
    [["--nope"], /Unknown option '--nope'/],
    [["--port", "1.5"], /--port must be a non-negative integer/],
    [["--seed-users", "many"], /--seed-users must be a non-negative integer/],
    [["--rate-limits", "fast"], /--rate-limits must be slack or off/],
  ])("answers the usage error %j with exit code 2 and the usage on stderr", async (argv, message) => {
    const { handle, out } = await run(argv);
    expect(handle.emulator).toBeUndefined();
    expect(await handle.close()).toBe(2);
    expect(out.stderr).toMatch(message);
    expect(out.stderr).toContain(usage);
    expect(out.stdout).toBe("");
  });

  it("exits 1 with the reason when the port is already taken", async () => {
    const first = await run(["--port", "0"]);
    const port = first.handle.emulator?.port;
    const { handle, out } = await run(["--port", String(port)]);
    expect(await handle.done).toBe(1);
    expect(out.stderr).toMatch(/^slack-scim-emulator: .*EADDRINUSE/);
  });

  it("exits 1 with a clear error for a --file that is not an emulator journal, leaving it untouched", async () => {
    const dir = mkdtempSync(join(tmpdir(), "scim-cli-"));
    dirs.push(dir);
    const file = join(dir, "org.json");
    writeFileSync(file, "hello\n");
    const { handle, out } = await run(["--port", "0", "--file", file]);
    expect(await handle.done).toBe(1);
    expect(out.stderr).toMatch(/^slack-scim-emulator: .*org\.json/);
  });

  it("keeps the org in --file across two runs, seeding it only the first time", async () => {
    const dir = mkdtempSync(join(tmpdir(), "scim-cli-"));
    dirs.push(dir);
    const file = join(dir, "org.json");
    const first = await run(["--port", "0", "--file", file, "--seed-users", "3", "--seed", "9"]);
    const names = first.handle.emulator?.store.users().map((u) => u.userName);
    await first.handle.close();
    const second = await run(["--port", "0", "--file", file, "--seed-users", "50"]);
    expect(second.handle.emulator?.store.users().map((u) => u.userName)).toEqual(names);
    expect(second.out.stdout).toContain("users:    3, groups: 0");
  });
});
