import { EventEmitter } from "node:events";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { processIO, runServer, type ServerHandle, usage, version } from "../src/cli.js";

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
    [["--nope"], "unknown option --nope"],
    [["--port", "1.5"], '--port must be an integer from 0 to 65535, not "1.5"'],
    [["--port", "99999"], '--port must be an integer from 0 to 65535, not "99999"'],
    [["--port=-1"], '--port must be an integer from 0 to 65535, not "-1"'],
    [["--port", "-1"], "--port needs a value (write --port=-… for one starting with -)"],
    [["--port"], "Option '--port <value>' argument missing"],
    [["--seed-users", "many"], '--seed-users must be a non-negative integer, not "many"'],
    [["--rate-limits", "fast"], '--rate-limits must be slack or off, not "fast"'],
    [["--token", ""], "--token must not be empty"],
    [["extra"], "Unexpected argument 'extra'"],
  ])("answers the usage error %j with exit code 2 and one line on stderr", async (argv, message) => {
    const { handle, out } = await run(argv);
    expect(handle.emulator).toBeUndefined();
    expect(await handle.close()).toBe(2);
    expect(out.stderr).toBe(`slack-scim-emulator: ${message} (see --help)\n`);
    expect(out.stdout).toBe("");
  });

  it("prints its version on --version (and -v), from its package.json", async () => {
    const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
      version: string;
    };
    for (const flag of ["--version", "-v"]) {
      const { handle, out } = await run([flag]);
      expect(await handle.done).toBe(0);
      expect(out.stdout).toBe(`${pkg.version}\n`);
      expect(version).toBe(pkg.version);
    }
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
    expect(out.stderr).toBe(
      `slack-scim-emulator: ${file}: not a slack-scim-emulator store (unknown header); refusing to use it\n`,
    );
    expect(readFileSync(file, "utf8")).toBe("hello\n");
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

  it("processIO drops writes once a stream's reader has gone (EPIPE), and rethrows any other stream error", () => {
    const stream = () =>
      Object.assign(new EventEmitter(), {
        written: [] as string[],
        write(text: string) {
          this.written.push(text);
          return true;
        },
      });
    const out = stream();
    const err = stream();
    const io = processIO(out, err, new EventEmitter());
    io.stdout.write("one\n");
    out.emit("error", Object.assign(new Error("write EPIPE"), { code: "EPIPE" }));
    io.stdout.write("two\n");
    expect(out.written).toEqual(["one\n"]);
    io.stderr.write("still here\n");
    expect(err.written).toEqual(["still here\n"]);
    expect(() => err.emit("error", Object.assign(new Error("EIO"), { code: "EIO" }))).toThrow("EIO");
  });
});
