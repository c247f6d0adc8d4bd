import { Agent, request } from "node:http";
import { connect } from "node:net";
import { describe, expect, it } from "vitest";
import { createEmulator } from "../src/index.js";
import { start } from "./helpers/server.js";

/** The node:http adapter (`listen`): what reaches the socket. */

/** Sends one raw HTTP request and resolves with everything the server wrote before closing. */
function raw(url: string, request: string): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.write(request));
    let data = "";
    socket.on("data", (chunk) => {
      data += chunk.toString();
    });
    socket.on("error", reject);
    socket.on("close", () => resolve(data));
  });
}

/** One request through `agent`; resolves with the status, headers, body and whether the socket was reused. */
function send(
  agent: Agent,
  url: string,
  method: string,
  headers: Record<string, string>,
  body?: Buffer,
): Promise<{ status: number; headers: Record<string, unknown>; text: string; reused: boolean }> {
  return new Promise((resolve, reject) => {
    const req = request(url, {
      agent,
      method,
      headers: body ? { ...headers, "content-length": String(body.length) } : headers,
    });
    req.on("response", (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => {
        text += chunk;
      });
      res.on("end", () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, reused: req.reusedSocket }),
      );
    });
    // The answer may come before the whole body was sent; a write error after it is not the test's concern.
    req.on("error", reject);
    req.end(body);
  });
}

describe("node:http adapter", () => {
  it("drains a large body left unread by an early answer: the keep-alive socket serves the next request", async () => {
    const { server, emulator } = await start({ faults: [{ match: "PATCH", status: 429, times: Infinity }] });
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const auth = { authorization: `Bearer ${emulator.adminToken}`, "content-type": "application/json" };
      const big = Buffer.from(JSON.stringify({ schemas: ["x"], pad: "x".repeat(2 * 1024 * 1024) }));
      const early = [
        () => send(agent, `${server.v2BaseUrl}Users/W1`, "PATCH", auth, big), // fault 429
        () => send(agent, `${server.v2BaseUrl}Users/W1`, "PUT", {}, big), // 401
        () => send(agent, `${server.url}/nowhere`, "POST", auth, big), // 404
        () => send(agent, `${server.v2BaseUrl}Users`, "OPTIONS", auth, big), // 405
      ];
      const statuses: number[] = [];
      for (const [i, call] of early.entries()) {
        const res = await call();
        statuses.push(res.status);
        expect(res.headers["connection"]).toBe("keep-alive");
        expect(res.reused).toBe(i > 0);
        const next = await send(agent, `${server.v2BaseUrl}Users?count=1`, "GET", auth);
        expect(next.status).toBe(200);
        expect(next.reused).toBe(true);
      }
      expect(statuses).toEqual([429, 401, 404, 405]);
    } finally {
      agent.destroy();
    }
  });

  it("answers Connection: close when the unread body is over 10 MiB; the next request gets a new socket", async () => {
    const { server, emulator } = await start();
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const huge = Buffer.alloc(10 * 1024 * 1024 + 1, 0x20);
      const res = await send(agent, `${server.v2BaseUrl}Users/W1`, "PATCH", {}, huge);
      expect(res.status).toBe(401);
      expect(res.headers["connection"]).toBe("close");
      const auth = { authorization: `Bearer ${emulator.adminToken}` };
      const next = await send(agent, `${server.v2BaseUrl}Users?count=1`, "GET", auth);
      expect(next).toMatchObject({ status: 200, reused: false });
    } finally {
      agent.destroy();
    }
  });

  it("in process, an early answer cancels the unread request body instead of leaving its writer waiting", async () => {
    const emulator = createEmulator();
    let cancelled = false;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.enqueue(new Uint8Array(64 * 1024));
      },
      cancel() {
        cancelled = true;
      },
    });
    const res = await emulator.fetch(
      new Request("http://scim.test/scim/v2/Users/W1", {
        method: "PATCH",
        body,
        duplex: "half",
      } as RequestInit),
    );
    expect(res.status).toBe(401);
    expect(cancelled).toBe(true);
  });

  it("answers an HTTP/1.0 request without a Host header, with locations on its own address", async () => {
    const { server, emulator } = await start();
    await emulator.fetch(
      new Request("http://scim.test/scim/v1/Groups", {
        method: "POST",
        headers: { authorization: `Bearer ${emulator.adminToken}` },
        body: JSON.stringify({ schemas: ["urn:scim:schemas:core:1.0"], displayName: "g" }),
      }),
    );
    const text = await raw(
      server.url,
      `GET /scim/v1/Groups HTTP/1.0\r\nAuthorization: Bearer ${emulator.adminToken}\r\n\r\n`,
    );
    expect(text).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(text).toContain(`"location":"${server.url}/scim/v1/Groups/`);
  });

  it("answers 400 (not 500) in the 1.1 error shape when the Host header makes no valid URL", async () => {
    const { server } = await start();
    const text = await raw(
      server.url,
      "GET /scim/v1/Users HTTP/1.1\r\nHost: a b\r\nConnection: close\r\n\r\n",
    );
    expect(text).toMatch(/^HTTP\/1\.1 400 /);
    expect(JSON.parse(text.slice(text.indexOf("\r\n\r\n") + 4)).Errors).toEqual({
      description: "invalid_request_payload (the Host header is not a host name and port)",
      code: 400,
    });
  });

  it("sends a 204 with neither body nor content-length", async () => {
    const { server, emulator } = await start();
    const created = await fetch(`${server.v2BaseUrl}Groups`, {
      method: "POST",
      headers: { authorization: `Bearer ${emulator.adminToken}` },
      body: JSON.stringify({ schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group"], displayName: "g" }),
    });
    const { id } = (await created.json()) as { id: string };
    const text = await raw(
      server.url,
      `DELETE /scim/v2/Groups/${id} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${emulator.adminToken}\r\nConnection: close\r\n\r\n`,
    );
    expect(text).toMatch(/^HTTP\/1\.1 204 No Content\r\n/);
    expect(text.toLowerCase()).not.toContain("content-length");
    expect(text.endsWith("\r\n\r\n")).toBe(true);
  });

  it("listens on the IPv6 loopback and writes the address in brackets", async () => {
    const emulator = createEmulator();
    const server = await emulator.listen({ host: "::1" });
    try {
      expect(server.url).toBe(`http://[::1]:${server.port}`);
      const res = await fetch(`${server.v2BaseUrl}ServiceProviderConfig`);
      expect(res.status).toBe(200);
    } finally {
      await server.close();
    }
  });

  it("close() can be called twice; both resolve once the server is closed", async () => {
    const emulator = createEmulator();
    const server = await emulator.listen();
    await Promise.all([server.close(), server.close()]);
    await expect(fetch(`${server.v1BaseUrl}ServiceProviderConfigs`)).rejects.toThrow(TypeError);
  });

  it("rejects listen() on a port already in use", async () => {
    const { server } = await start();
    const emulator = createEmulator();
    await expect(emulator.listen({ port: server.port })).rejects.toMatchObject({ code: "EADDRINUSE" });
  });
});
