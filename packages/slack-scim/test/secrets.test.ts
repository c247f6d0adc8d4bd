import { inspect } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { LogLevel, SCIM2Client, SCIMClient, ServerErrorRetryHandler } from "../src/index.js";
import { instant, silentLogger, token, v1Client } from "./helpers/clients.js";
import { json, sampleUser, startServer, type TestServer } from "./helpers/server.js";

let server: TestServer;
afterEach(() => server?.close());

/** Everything a user could print about an error. */
function printed(error: unknown): string {
  const e = error as Error;
  return [e.message, e.stack, inspect(e, { depth: 10 }), JSON.stringify(e), String(e.cause)].join("\n");
}

describe("the token never leaks", () => {
  it("is not in util.inspect or JSON.stringify of a client", () => {
    for (const client of [new SCIMClient(token), new SCIM2Client(token, { headers: { "x-a": "b" } })]) {
      expect(inspect(client, { depth: 10, showHidden: true })).not.toContain(token);
      expect(JSON.stringify(client)).not.toContain(token);
      expect(inspect(client)).toContain("baseUrl");
    }
  });

  it("is in no log line at debug level, while each request and response is logged", async () => {
    let n = 0;
    server = await startServer((_req, res) => {
      n += 1;
      if (n === 1) json(res, 503, { Errors: { description: "x", code: 503 } });
      else json(res, 200, sampleUser());
    });
    const logger = silentLogger();
    const client = v1Client(server.v1, {
      logger,
      logLevel: LogLevel.DEBUG,
      retryHandlers: [new ServerErrorRetryHandler({ intervalCalculator: instant })],
    });
    await client.readUser("W1");
    const text = logger.lines.join("\n");
    expect(text).not.toContain(token);
    expect(text).not.toContain("secret");
    expect(logger.lines.filter((l) => l.startsWith("debug → GET"))).toHaveLength(2);
    expect(
      logger.lines.some((l) =>
        /^debug ← 200 GET http:\/\/127\.0\.0\.1:\d+\/scim\/v1\/Users\/W1 \(\d+\.\d ms\)$/.test(l),
      ),
    ).toBe(true);
    expect(logger.lines.some((l) => l.startsWith("info retrying GET /scim/v1/Users/W1"))).toBe(true);
  });

  it("is in no HTTP error, request error or timeout error", async () => {
    server = await startServer((req, res) => {
      if (req.url?.endsWith("/reset")) res.socket?.destroy();
      else if (req.url?.endsWith("/hang")) return;
      else json(res, 401, { Errors: { description: "invalid_authentication", code: 401 } });
    });
    const client = v1Client(server.v1, { timeout: 100 });
    const errors = await Promise.all([
      client.readUser("W1").catch((e: unknown) => e),
      client.readUser("reset").catch((e: unknown) => e),
      client.readUser("hang").catch((e: unknown) => e),
    ]);
    expect(errors.map((e) => (e as Error).name)).toEqual([
      "SCIMHTTPError",
      "SCIMRequestError",
      "SCIMTimeoutError",
    ]);
    for (const error of errors) expect(printed(error)).not.toContain(token);
  });

  it("is not in a proxy failure message even when it appears in the cause", async () => {
    const client = v1Client("http://127.0.0.1:9/scim/v1/", {
      fetch: () => Promise.reject(new Error(`refused: Authorization: Bearer ${token}`)),
    });
    const error = await client.readUser("W1").catch((e: unknown) => e);
    expect((error as Error).message).not.toContain(token);
    expect((error as Error).message).toContain("Bearer [REDACTED]");
  });
});
