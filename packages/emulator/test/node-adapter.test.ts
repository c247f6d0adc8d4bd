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

describe("node:http adapter", () => {
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

  it("answers 500 in the 1.1 error shape when the Host header makes no valid URL", async () => {
    const { server } = await start();
    const text = await raw(
      server.url,
      "GET /scim/v1/Users HTTP/1.1\r\nHost: a b\r\nConnection: close\r\n\r\n",
    );
    expect(text).toMatch(/^HTTP\/1\.1 500 /);
    expect(JSON.parse(text.slice(text.indexOf("\r\n\r\n") + 4)).Errors).toMatchObject({
      description: expect.stringMatching(/^internal_error \(/),
      code: 500,
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
