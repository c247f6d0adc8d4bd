import { connect } from "node:net";
import { describe, expect, it } from "vitest";
import { createEmulator } from "../src/index.js";
import { newUser1, newUser2, start, urn } from "./helpers/server.js";

/** Sends one raw HTTP/1.1 request and reports what the socket saw. */
function rawRequest(url: string, request: string): Promise<{ data: string; error?: NodeJS.ErrnoException }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname, () => socket.write(request));
    let data = "";
    socket.on("data", (chunk) => {
      data += chunk.toString();
    });
    socket.on("error", (error: NodeJS.ErrnoException) => resolve({ data, error }));
    socket.on("close", () => resolve({ data }));
  });
}

describe("faults", () => {
  it("resets the connection before the body is read: nothing is applied", async () => {
    const { server, emulator } = await start();
    const body = JSON.stringify(newUser1("never"));
    const seen = await rawRequest(
      server.url,
      `POST /scim/v1/Users HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${emulator.adminToken}\r\n` +
        `x-emulator-fault: reset=before-body\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}`,
    );
    expect(seen.data).toBe("");
    expect(seen.error?.code).toBe("ECONNRESET");
    expect(emulator.store.findUserByUserName("never")).toBeUndefined();
  });

  it("resets the connection after handling the request: the write is applied, the answer is lost", async () => {
    const { call, emulator } = await start();
    await expect(
      call(2, "POST", "Users", newUser2("applied"), { "x-emulator-fault": "reset=after-body" }),
    ).rejects.toThrow(TypeError);
    expect(emulator.store.findUserByUserName("applied")).toBeDefined();
  });

  it("answers an injected status with Retry-After in the version's error shape", async () => {
    const { call } = await start();
    const v1 = await call(1, "GET", "Users", undefined, { "x-emulator-fault": "status=503; retry-after=2" });
    expect(v1.status).toBe(503);
    expect(v1.headers.get("retry-after")).toBe("2");
    expect(v1.json).toEqual({ Errors: { description: "service_unavailable", code: 503 } });
    const v2 = await call(2, "GET", "Users", undefined, { "x-emulator-fault": "status=500" });
    expect(v2.json).toEqual({ schemas: [urn.error2], detail: "internal_error", status: 500 });
    const limited = await call(2, "GET", "Users", undefined, {
      "x-emulator-fault": "status=429;retry-after=0",
    });
    expect(limited.json).toEqual({ Errors: { description: "too_many_requests", code: 429 } });
    expect(limited.headers.get("retry-after")).toBe("0");
  });

  it("applies option faults to the first N matching requests only", async () => {
    const { call, emulator } = await start({
      faults: [{ match: "POST /Users", status: 429, retryAfter: 0, times: 2 }],
    });
    expect((await call(1, "GET", "Users")).status).toBe(200);
    expect((await call(1, "POST", "Users", newUser1("a"))).status).toBe(429);
    expect((await call(2, "POST", "Users", newUser2("a"))).status).toBe(429);
    expect((await call(1, "POST", "Users", newUser1("a"))).status).toBe(201);
    emulator.faults.push({ match: "PATCH /Users/*", html: 504 });
    const id = emulator.store.users()[0]?.id;
    const html = await call(2, "PATCH", `Users/${id}`, { schemas: [urn.patch], Operations: [] });
    expect(html.status).toBe(504);
    expect(html.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(html.text).toMatch(/^<!DOCTYPE html>/);
    expect((await call(1, "GET", `Users/${id}`)).status).toBe(200);
    emulator.faults.push({ match: "* /scim/v2/Users", truncate: true, times: Infinity });
    expect((await call(1, "GET", "Users")).json).toBeDefined();
    for (let i = 0; i < 2; i++) {
      const cut = await call(2, "GET", "Users");
      expect(cut.status).toBe(200);
      expect(cut.json).toBeUndefined();
      expect(() => JSON.parse(cut.text)).toThrow(SyntaxError);
      expect(cut.text.length).toBeGreaterThan(10);
    }
  });

  it("sends an HTML error page and a truncated body by header", async () => {
    const { call } = await start();
    const html = await call(1, "GET", "Users", undefined, { "x-emulator-fault": "html" });
    expect(html.status).toBe(502);
    expect(html.text).toContain("502 Bad Gateway");
    const created = await call(1, "POST", "Users", newUser1("cut"), { "x-emulator-fault": "truncate" });
    expect(created.status).toBe(201);
    expect(created.json).toBeUndefined();
    expect(created.text.startsWith('{"schemas"')).toBe(true);
  });

  it("delays the answer by latencyMs (a client timeout fires first)", async () => {
    const { server, emulator } = await start();
    const slow = fetch(`${server.v1BaseUrl}Users`, {
      headers: { authorization: `Bearer ${emulator.adminToken}`, "x-emulator-fault": "latency=3000" },
      signal: AbortSignal.timeout(50),
    });
    await expect(slow).rejects.toMatchObject({ name: "TimeoutError" });
    const ok = await fetch(`${server.v1BaseUrl}Users`, {
      headers: { authorization: `Bearer ${emulator.adminToken}`, "x-emulator-fault": "latency=20" },
    });
    expect(ok.status).toBe(200);
  });

  it("refuses an unknown fault header item", async () => {
    const { call } = await start();
    const res = await call(1, "GET", "Users", undefined, { "x-emulator-fault": "explode" });
    expect(res.status).toBe(400);
    expect(res.json.Errors.description).toMatch(/unknown item "explode"/);
  });

  it("takes faults through the /_emulator/faults control route (admin token only)", async () => {
    const { call, emulator } = await start();
    const add = await call(1, "POST", "/_emulator/faults", { match: "GET /Groups", status: 500 });
    expect(add.json).toEqual({ ok: true, faults: 1 });
    expect(emulator.faults).toHaveLength(1);
    expect((await call(1, "GET", "Groups")).status).toBe(500);
    expect((await call(1, "GET", "Groups")).status).toBe(200);
    expect((await call(1, "DELETE", "/_emulator/faults")).json).toEqual({ ok: true, faults: 0 });
    expect((await call(1, "POST", "/_emulator/reset", undefined, { authorization: "Bearer x" })).status).toBe(
      401,
    );
  });

  it("reports a reset in fetch mode as fetch does: TypeError with cause ECONNRESET", async () => {
    const emulator = createEmulator();
    const request = new Request("http://scim.test/scim/v1/Users", {
      headers: { authorization: `Bearer ${emulator.adminToken}`, "x-emulator-fault": "reset" },
    });
    await expect(emulator.fetch(request)).rejects.toMatchObject({
      name: "TypeError",
      message: "fetch failed",
      cause: { message: "read ECONNRESET", code: "ECONNRESET", errno: -104, syscall: "read" },
    });
    const ok = await emulator.fetch(
      new Request("http://scim.test/scim/v2/Users", {
        headers: { authorization: `Bearer ${emulator.adminToken}` },
      }),
    );
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { Resources: unknown[] }).Resources).toEqual([]);
  });

  it("resets in the middle of the answer's body: the fetch resolves, reading the body fails (socket)", async () => {
    const { server, emulator } = await start();
    const res = await fetch(`${server.v2BaseUrl}Users`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${emulator.adminToken}`,
        "content-type": "application/json",
        "x-emulator-fault": "reset=mid-body",
      },
      body: JSON.stringify(newUser2("halfway")),
    });
    expect(res.status).toBe(201);
    expect(res.headers.get("content-type")).toBe("application/json; charset=utf-8");
    await expect(res.text()).rejects.toMatchObject({
      name: "TypeError",
      message: "terminated",
      cause: { code: "ECONNRESET" },
    });
    expect(emulator.store.findUserByUserName("halfway")).toBeDefined();
  });

  it("resets in the middle of the answer's body in fetch mode the same way, after half the bytes", async () => {
    const emulator = createEmulator({ faults: [{ match: "GET /Users", reset: "mid-body" }] });
    const headers = { authorization: `Bearer ${emulator.adminToken}` };
    const full = await (
      await emulator.fetch(new Request("http://scim.test/scim/v1/Groups", { headers }))
    ).text();
    const res = await emulator.fetch(new Request("http://scim.test/scim/v1/Users", { headers }));
    expect(res.status).toBe(200);
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value)).toBe(full.slice(0, Math.floor(full.length / 2)));
    await expect(reader.read()).rejects.toMatchObject({
      name: "TypeError",
      message: "terminated",
      cause: { message: "read ECONNRESET", code: "ECONNRESET" },
    });
    // An empty answer has no middle: the connection is reset without one, as after-body.
    emulator.faults.push({ match: "DELETE /Users/*", reset: "mid-body" });
    const id = (
      (await (
        await emulator.fetch(
          new Request("http://scim.test/scim/v2/Users", {
            method: "POST",
            headers,
            body: JSON.stringify(newUser2("gone")),
          }),
        )
      ).json()) as { id: string }
    ).id;
    await expect(
      emulator.fetch(new Request(`http://scim.test/scim/v2/Users/${id}`, { method: "DELETE", headers })),
    ).rejects.toMatchObject({ message: "fetch failed", cause: { code: "ECONNRESET" } });
  });
});
