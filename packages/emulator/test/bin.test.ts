import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";
import { binPath, spawnBin } from "./helpers/child.js";

describe("slack-scim-emulator bin", () => {
  it("prints its base URLs and token, serves a seeded org, and stops cleanly on SIGTERM", async () => {
    const bin = await spawnBin([
      "--port",
      "0",
      "--seed-users",
      "25",
      "--seed-groups",
      "2",
      "--token",
      "xoxp-test",
    ]);
    expect(bin.token).toBe("xoxp-test");
    expect(bin.stdout()).toMatch(/SCIM 2\.0: http:\/\/127\.0\.0\.1:\d+\/scim\/v2\//);
    const res = await fetch(`${bin.url}/scim/v2/Users?count=1`, {
      headers: { authorization: "Bearer xoxp-test" },
    });
    expect(((await res.json()) as { totalResults: number }).totalResults).toBe(25);
    bin.child.kill("SIGTERM");
    expect(await bin.exited).toEqual({ code: 0, signal: null });
    expect(bin.stdout()).toContain("stopped");
  });

  it("applies --rate-limits slack", async () => {
    const bin = await spawnBin(["--port", "0", "--rate-limits", "slack"]);
    const headers = { authorization: `Bearer ${bin.token}`, "content-type": "application/json" };
    const statuses: number[] = [];
    for (let i = 0; i < 30; i++) {
      const res = await fetch(`${bin.url}/scim/v1/Groups`, {
        method: "POST",
        headers,
        body: JSON.stringify({ schemas: ["urn:scim:schemas:core:1.0"], displayName: `g${i}` }),
      });
      statuses.push(res.status);
    }
    // 20 is the burst and a token takes 333 ms to come back, so 30 quick requests must meet a 429.
    expect(statuses.slice(0, 20).every((s) => s === 201)).toBe(true);
    expect(statuses).toContain(429);
    bin.child.kill("SIGINT");
    expect((await bin.exited).code).toBe(0);
  });

  it("goes on quietly when the reader of its output goes away (| head -2): no EPIPE crash, exit 0", async () => {
    const child = spawn(process.execPath, [binPath, "--port", "0"], { stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.once("exit", (code, signal) => resolve({ code, signal })),
    );
    // Read the first lines, then close the pipe as `head` does; the "stopped" line then has no reader.
    const first = await new Promise<string>((resolve) =>
      child.stdout.once("data", (chunk: Buffer) => resolve(String(chunk))),
    );
    expect(first).toContain("slack-scim-emulator listening");
    const url = /SCIM 1\.1: (\S+)/.exec(first)?.[1];
    child.stdout.destroy();
    // Still serving after its reader left.
    expect((await fetch(`${url}ServiceProviderConfigs`)).status).toBe(200);
    child.kill("SIGTERM");
    expect(await exited).toEqual({ code: 0, signal: null });
    expect(stderr).toBe("");
  });

  it("prints --help whole through a pipe, and --port 99999 is a one-line usage error (exit 2)", async () => {
    const run = (args: string[]) =>
      new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
        const child = spawn(process.execPath, [binPath, ...args], { stdio: ["ignore", "pipe", "pipe"] });
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (chunk: Buffer) => (stdout += chunk));
        child.stderr.on("data", (chunk: Buffer) => (stderr += chunk));
        child.once("close", (code) => resolve({ code, stdout, stderr }));
      });
    const help = await run(["--help"]);
    expect(help).toMatchObject({ code: 0, stderr: "" });
    expect(help.stdout).toMatch(/^Usage: slack-scim-emulator/);
    const bad = await run(["--port", "99999"]);
    expect(bad).toEqual({
      code: 2,
      stdout: "",
      stderr: 'slack-scim-emulator: --port must be an integer from 0 to 65535, not "99999" (see --help)\n',
    });
  });
});
