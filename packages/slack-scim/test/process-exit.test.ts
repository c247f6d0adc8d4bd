import { spawn } from "node:child_process";
import { afterEach, describe, expect, it } from "vitest";
import { json, sampleUser, startServer, type TestServer } from "./helpers/server.js";

let server: TestServer;
afterEach(() => server?.close());

/** Runs an ES module script in a fresh Node process; resolves with its exit code and output. */
function runScript(source: string): Promise<{ code: number | null; signal: string | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--input-type=module", "-e", source], {
      cwd: new URL("../", import.meta.url),
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.on("data", (chunk) => {
      out += chunk;
    });
    child.stderr.on("data", (chunk) => {
      out += chunk;
    });
    // A process held open by a pooled socket would never exit: stop it so the test fails instead of hanging.
    const guard = setTimeout(() => child.kill("SIGKILL"), 15_000);
    child.on("exit", (code, signal) => {
      clearTimeout(guard);
      resolve({ code, signal, out });
    });
  });
}

describe("a script that uses the client", () => {
  it("exits on its own after its last request: idle pooled connections do not keep it alive", async () => {
    // The server keeps idle connections open longer than the guard: only the client can let the process go.
    server = await startServer((_req, res) => json(res, 200, sampleUser()), { keepAliveTimeout: 60_000 });
    const result = await runScript(`
      import { SCIMClient } from "slack-scim";
      const client = new SCIMClient("xoxp-test", { baseUrl: "${server.v1}" });
      const { user } = await client.readUser("W1");
      console.log(user.id);
    `);
    expect(result).toEqual({ code: 0, signal: null, out: "W0123ABCDEF\n" });
  });
});
