import type { Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { runPipeline } from "../src/client/pipeline.js";
import { RequestQueue } from "../src/client/queue.js";
import { LazyTransport } from "../src/core/lazy-transport.js";
import { UndiciTransport } from "../src/core/undici-transport.js";
import { SCIMTimeoutError } from "../src/index.js";
import { silentLogger, v1Client } from "./helpers/clients.js";
import { json, sampleUser, startServer, type TestServer } from "./helpers/server.js";

let server: TestServer | undefined;
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
  await server?.close();
  server = undefined;
});

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("responses as the built-in transport reads them", () => {
  it("joins a repeated response header with ', ' under its lower-case name", async () => {
    server = await startServer((_req, res) => {
      res.setHeader("X-Slack-Trace", ["a", "b"]);
      res.setHeader("Set-Cookie", ["c=1", "d=2"]);
      json(res, 200, {});
    });
    const res = await v1Client(server.v1).apiCall({ method: "GET", path: "Users" });
    expect(res.headers["x-slack-trace"]).toBe("a, b");
    expect(res.headers["set-cookie"]).toBe("c=1, d=2");
  });

  it("reads a chunked body sent without Content-Length", async () => {
    const text = JSON.stringify(sampleUser("W1"));
    server = await startServer(async (_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      for (let i = 0; i < text.length; i += 40) {
        res.write(text.slice(i, i + 40));
        await pause(1);
      }
      res.end();
    });
    const res = await v1Client(server.v1).readUser("W1");
    expect(res.headers["transfer-encoding"]).toBe("chunked");
    expect(res.rawBody).toBe(text);
  });

  it("keeps multi-byte UTF-8 characters whole when chunks split them", async () => {
    const displayName = "Zoë 😀 李雷 ﬁ";
    const bytes = Buffer.from(JSON.stringify(sampleUser("W1", { displayName })));
    server = await startServer(async (_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      // One byte per write, flushed apart: every multi-byte character straddles chunk boundaries.
      for (const byte of bytes) {
        res.write(Buffer.of(byte));
        await new Promise((resolve) => setImmediate(resolve));
      }
      res.end();
    });
    const res = await v1Client(server.v1).readUser("W1");
    expect(res.user.displayName).toBe(displayName);
  });
});

describe("timeouts and connections", () => {
  it("times out an attempt whose body stalls after the headers arrived", async () => {
    server = await startServer((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.write('{"id":"W1",');
    });
    const error = await v1Client(server.v1, { retryHandlers: [] })
      .readUser("W1", { timeout: 100 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SCIMTimeoutError);
    expect((error as SCIMTimeoutError).timeout).toBe(100);
  });

  it("close() releases the pooled connection, and the client reconnects on demand", async () => {
    const sockets: Socket[] = [];
    server = await startServer((req, res) => {
      if (!sockets.includes(req.socket)) sockets.push(req.socket);
      json(res, 200, sampleUser());
    });
    const client = v1Client(server.v1);
    await client.readUser("W1");
    const first = sockets[0] as Socket;
    const closed = new Promise((resolve) => first.once("close", resolve));
    await client.close();
    await closed;
    expect((await client.readUser("W1")).statusCode).toBe(200);
    expect(sockets).toHaveLength(2);
  });
});

describe("cancelling an exchange", () => {
  function transport(): UndiciTransport {
    const t = new UndiciTransport({ env: {} });
    closers.push(() => t.close());
    return t;
  }

  function get(t: UndiciTransport, base: string) {
    const origin = new URL(base).origin;
    return t.send({
      method: "GET",
      target: { origin, path: "/scim/v1/Users/W1", href: `${origin}/scim/v1/Users/W1` },
      headers: {},
      body: undefined,
      maxResponseBytes: 1024 * 1024,
    });
  }

  it("an abort before the request is dispatched rejects with the reason and sends nothing", async () => {
    server = await startServer((_req, res) => json(res, 200, sampleUser()));
    const t = transport();
    const exchange = get(t, server.url);
    const reason = new Error("changed my mind");
    exchange.abort(reason);
    await expect(exchange.response).rejects.toBe(reason);
    // The pool is still usable, and the aborted request never reached the server.
    const next = await get(t, server.url).response;
    expect(next.statusCode).toBe(200);
    expect(server.requests).toHaveLength(1);
  });

  it("an abort after the response ended changes nothing", async () => {
    server = await startServer((_req, res) => json(res, 200, sampleUser()));
    const exchange = get(transport(), server.url);
    const response = await exchange.response;
    exchange.abort(new Error("too late"));
    await expect(exchange.response).resolves.toBe(response);
  });

  it.each([
    ["a string", "stop"],
    ["a number", 42],
    ["null", null],
  ])("a caller's abort reason that is %s is rethrown as given", async (_what, reason) => {
    server = await startServer(async (_req, res) => {
      await pause(2000);
      json(res, 200, sampleUser());
    });
    const controller = new AbortController();
    const call = v1Client(server.v1).readUser("W1", { signal: controller.signal });
    await pause(20);
    controller.abort(reason);
    await expect(call).rejects.toBe(reason);
  });

  it("an abort while waiting for a queue slot sends nothing and frees no one else's slot", async () => {
    const releases: (() => void)[] = [];
    server = await startServer(async (_req, res) => {
      await new Promise<void>((resolve) => releases.push(resolve));
      json(res, 200, sampleUser());
    });
    const client = v1Client(server.v1, { maxRequestConcurrency: 1, logger: silentLogger() });
    const first = client.readUser("A");
    const controller = new AbortController();
    const queued = client.readUser("B", { signal: controller.signal });
    const third = client.readUser("C");
    // A holds the only slot (its first request also loads the transport: wait for it, not a fixed time).
    while (releases.length === 0) await pause(5);
    controller.abort("gave up");
    await expect(queued).rejects.toBe("gave up");
    expect(server.requests.map((r) => r.url)).toEqual(["/scim/v1/Users/A"]);
    releases.shift()?.();
    await first;
    while (releases.length === 0) await pause(5);
    releases.shift()?.();
    await third;
    expect(server.requests.map((r) => r.url)).toEqual(["/scim/v1/Users/A", "/scim/v1/Users/C"]);
  });
});

describe("a transport loaded on first use", () => {
  function lazy(loadMs: number) {
    const undici = new UndiciTransport({ env: {} });
    closers.push(() => undici.close());
    let loads = 0;
    const transport = new LazyTransport(() => {
      loads += 1;
      return pause(loadMs).then(() => undici);
    });
    return { transport, loads: () => loads };
  }

  function get(t: LazyTransport, base: string) {
    const origin = new URL(base).origin;
    return t.send({
      method: "GET",
      target: { origin, path: "/scim/v1/Users/W1", href: `${origin}/scim/v1/Users/W1` },
      headers: {},
      body: undefined,
      maxResponseBytes: 1024 * 1024,
    });
  }

  it("sends a request made while it loads once loaded, and loads once", async () => {
    server = await startServer((_req, res) => json(res, 200, sampleUser()));
    const { transport, loads } = lazy(50);
    const [a, b] = await Promise.all([
      get(transport, server.url).response,
      get(transport, server.url).response,
    ]);
    expect([a.statusCode, b.statusCode]).toEqual([200, 200]);
    expect(transport.ready()).toBeUndefined();
    expect(loads()).toBe(1);
  });

  it("an abort while it loads rejects with the reason and sends nothing", async () => {
    server = await startServer((_req, res) => json(res, 200, sampleUser()));
    const { transport } = lazy(50);
    const exchange = get(transport, server.url);
    exchange.abort("not now");
    await expect(exchange.response).rejects.toBe("not now");
    await transport.ready();
    await pause(20);
    expect(server.requests).toHaveLength(0);
    await transport.close();
  });

  it("a load that fails fails the request that needed it", async () => {
    const failing = new LazyTransport(() => Promise.reject(new Error("cannot load")));
    await failing.ready();
    await expect(get(failing, "http://127.0.0.1:9").response).rejects.toThrow("cannot load");
  });

  it("close() before any request loads nothing", async () => {
    const { transport, loads } = lazy(0);
    await transport.close();
    expect(loads()).toBe(0);
  });

  it("does not count the load against the first attempt's timeout", async () => {
    server = await startServer((_req, res) => json(res, 200, sampleUser()));
    const undici = new UndiciTransport({ env: {} });
    closers.push(() => undici.close());
    // A load slower than the attempt's timeout, as a cold start on a busy machine can be.
    const transport = new LazyTransport(() => pause(300).then(() => undici));
    const config = {
      transport,
      queue: new RequestQueue(1),
      logger: silentLogger(),
      retryHandlers: [],
      rejectRateLimitedCalls: false,
      limiter: undefined,
      sensitiveHeaders: new Set<string>(),
    };
    const origin = server.url;
    const response = await runPipeline(config, {
      method: "GET",
      target: { origin, path: "/scim/v1/Users/W1", href: `${origin}/scim/v1/Users/W1` },
      headers: {},
      body: undefined,
      maxResponseBytes: 1024 * 1024,
      signal: undefined,
      timeout: 100,
      deadlineAt: undefined,
      rateLimits: undefined,
    });
    expect(response.statusCode).toBe(200);
  });
});
