import { describe, expect, it } from "vitest";
import { createEmulator, startEmulator } from "../src/index.js";

describe("listen / startEmulator", () => {
  it("listens on 127.0.0.1 on a free port and reports its URLs", async () => {
    const s = await startEmulator();
    expect(s.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(s.v1BaseUrl).toBe(`${s.url}/scim/v1/`);
    expect(s.v2BaseUrl).toBe(`${s.url}/scim/v2/`);
    const res = await fetch(`${s.v2BaseUrl}Users`, { headers: { authorization: `Bearer ${s.adminToken}` } });
    expect(res.status).toBe(200);
    await s.close();
    await expect(fetch(`${s.v2BaseUrl}Users`)).rejects.toThrow(TypeError);
  });

  it("close() ends a request still in flight instead of waiting for it", async () => {
    const emulator = createEmulator();
    const server = await emulator.listen({ port: 0 });
    const pending = fetch(`${server.v1BaseUrl}Users`, {
      headers: { authorization: `Bearer ${emulator.adminToken}`, "x-emulator-fault": "latency=3000" },
    });
    const outcome = pending.then(
      () => "answered",
      () => "failed",
    );
    // Wait until the request reached the server, then close.
    await new Promise((resolve) => setTimeout(resolve, 50));
    await server.close();
    expect(await outcome).toBe("failed");
  });

  it("serves two emulators side by side, each with its own org", async () => {
    const a = await startEmulator({ seed: { users: 3 } });
    const b = await startEmulator();
    expect(a.store.userCount).toBe(3);
    expect(b.store.userCount).toBe(0);
    expect(a.url).not.toBe(b.url);
    await Promise.all([a.close(), b.close()]);
  });
});
