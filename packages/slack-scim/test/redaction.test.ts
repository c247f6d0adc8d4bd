import { inspect } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import {
  type FetchLike,
  LogLevel,
  type RetryContext,
  RetryHandler,
  SCIM2Client,
  SCIMClient,
  type SCIMClientOptions,
  ServerErrorRetryHandler,
} from "../src/index.js";
import { instant, silentLogger, token } from "./helpers/clients.js";
import { json, sampleUser, startServer, type TestServer } from "./helpers/server.js";

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** Credential-bearing headers a user may send; each value is distinct so a leak shows which one. */
const credentials = {
  "Proxy-Authorization": "Basic cHJveHktdXNlcjpwcm94eS1wYXNz",
  Cookie: "session=c00kie-s3cret-value",
  "X-Gateway-Key": "gw-k3y-s3cret-value",
};
const secrets = [token, ...Object.values(credentials), "cHJveHktdXNlcjpwcm94eS1wYXNz"];

const options: SCIMClientOptions = {
  headers: credentials,
  redactHeaders: ["x-gateway-KEY"],
  logLevel: LogLevel.DEBUG,
};

function expectNoSecret(text: string): void {
  for (const secret of secrets) expect(text).not.toContain(secret);
}

/** Everything a user could print about an error. */
function printed(error: unknown): string {
  const e = error as Error;
  return [e.message, e.stack, inspect(e, { depth: 10 }), JSON.stringify(e)].join("\n");
}

/** Retries every failure once (at once), keeping each context it was shown. */
class Recording extends RetryHandler {
  readonly seen: RetryContext[] = [];
  constructor() {
    super({ maxRetryCount: 2, intervalCalculator: instant });
  }
  protected override shouldRetry(context: RetryContext): boolean {
    this.seen.push(context);
    return true;
  }
}

describe("credential-bearing request headers are redacted wherever a request is shown", () => {
  it.each([
    ["SCIMClient", SCIMClient, "v1"],
    ["SCIM2Client", SCIM2Client, "v2"],
  ] as const)(
    "%s: in the retry contexts handlers see, with the rest of the request intact",
    async (_n, Client, v) => {
      server = await startServer((_req, res) => json(res, 503, { detail: "unavailable" }));
      const handler = new Recording();
      const client = new Client(token, {
        ...options,
        baseUrl: server[v],
        logger: silentLogger(),
        retryHandlers: [handler],
      });
      await client.readUser("W1").catch(() => {});
      expect(handler.seen).toHaveLength(2);
      expect(server.requests).toHaveLength(3);
      for (const { request } of handler.seen) {
        expect(request.headers).toMatchObject({
          authorization: "[REDACTED]",
          "proxy-authorization": "[REDACTED]",
          cookie: "[REDACTED]",
          "x-gateway-key": "[REDACTED]",
          accept: "application/json",
        });
        expectNoSecret(JSON.stringify(request));
      }
      // The server did get them.
      expect(server.requests[0]?.headers["x-gateway-key"]).toBe(credentials["X-Gateway-Key"]);
      expect(server.requests[0]?.headers.cookie).toBe(credentials.Cookie);
    },
  );

  it("a header only the user knows is a credential is shown unless named in redactHeaders", async () => {
    server = await startServer((_req, res) => json(res, 503, {}));
    const handler = new Recording();
    const client = new SCIMClient(token, {
      headers: credentials,
      baseUrl: server.v1,
      logger: silentLogger(),
      retryHandlers: [handler],
    });
    await client.readUser("W1").catch(() => {});
    expect(handler.seen[0]?.request.headers["x-gateway-key"]).toBe(credentials["X-Gateway-Key"]);
    expect(handler.seen[0]?.request.headers["cookie"]).toBe("[REDACTED]");
  });

  it("per-call credential headers too", async () => {
    server = await startServer((_req, res) => json(res, 503, {}));
    const handler = new Recording();
    const client = new SCIMClient(token, {
      baseUrl: server.v1,
      redactHeaders: ["x-gateway-key"],
      logger: silentLogger(),
      retryHandlers: [handler],
    });
    await client.readUser("W1", { headers: credentials }).catch(() => {});
    expectNoSecret(JSON.stringify(handler.seen.map((c) => c.request)));
  });

  it("in errors and in log lines at every level, even when the transport's error echoes what was sent", async () => {
    // A fetch (instrumentation, a proxy library) whose failure quotes the request it was given.
    const echoing: FetchLike = (url, init) =>
      Promise.reject(new Error(`request to ${url} failed; headers were ${JSON.stringify(init.headers)}`));
    const logger = silentLogger();
    const client = new SCIMClient(token, {
      ...options,
      baseUrl: "http://127.0.0.1:9/scim/v1/",
      fetch: echoing,
      logger,
      retryHandlers: [new Recording()],
    });
    const errors = await Promise.all([
      client.readUser("W1").catch((e: unknown) => e),
      client.createUser({ userName: "ada" }).catch((e: unknown) => e),
    ]);
    for (const error of errors) {
      expect((error as Error).message).toContain("[REDACTED]");
      expect((error as Error).message).toContain("headers were");
      expectNoSecret([(error as Error).message, (error as Error).stack].join("\n"));
    }
    const levels = new Set(logger.lines.map((line) => line.split(" ")[0]));
    expect([...levels].sort()).toEqual(["debug", "info", "warn"]);
    expectNoSecret(logger.lines.join("\n"));
  });

  it("in HTTP errors and timeout errors however they are printed", async () => {
    server = await startServer((req, res) => {
      if (req.url?.endsWith("/hang")) return;
      json(res, 401, { Errors: { description: "invalid_authentication", code: 401 } });
    });
    const logger = silentLogger();
    // The first request of the file: its 100 ms do not include loading the transport.
    const client = new SCIMClient(token, { ...options, baseUrl: server.v1, timeout: 100, logger });
    client.retryHandlers.push(new ServerErrorRetryHandler({ intervalCalculator: instant }));
    const errors = await Promise.all([
      client.readUser("W1").catch((e: unknown) => e),
      client.readUser("hang").catch((e: unknown) => e),
    ]);
    expect(errors.map((e) => (e as Error).name)).toEqual(["SCIMHTTPError", "SCIMTimeoutError"]);
    for (const error of errors) expectNoSecret(printed(error));
    expectNoSecret(logger.lines.join("\n"));
  });

  it("nowhere in util.inspect or JSON of a client, proxy credentials included", () => {
    const clients = [
      new SCIMClient(token, options),
      new SCIM2Client(token, { ...options, proxy: "http://proxy-user:proxy-pass@127.0.0.1:9" }),
    ];
    for (const client of clients) {
      const shown = `${inspect(client, { depth: 10, showHidden: true })}\n${JSON.stringify(client)}`;
      expectNoSecret(shown);
      expect(shown).not.toContain("proxy-pass");
    }
  });

  it("refuses a redactHeaders that is not a list of names", () => {
    expect(() => new SCIMClient(token, { redactHeaders: "cookie" as never })).toThrow(/"redactHeaders"/);
    expect(() => new SCIMClient(token, { redactHeaders: [""] })).toThrow(TypeError);
  });
});

describe("a response still reads normally", () => {
  it("with credentials configured", async () => {
    server = await startServer((_req, res) => json(res, 200, sampleUser()));
    const client = new SCIMClient(token, { ...options, baseUrl: server.v1, logger: silentLogger() });
    expect((await client.readUser("W1")).user.id).toBe("W0123ABCDEF");
  });
});
