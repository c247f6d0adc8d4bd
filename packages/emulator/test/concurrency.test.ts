import { request } from "node:http";
import { slackRateLimits } from "slack-scim";
import { describe, expect, it } from "vitest";
import { newUser2, start, type TestServer, urn } from "./helpers/server.js";

/**
 * A write whose body arrives in two parts: the headers and the first half now, the rest on `finish()`. Until
 * then the server is inside the handler, waiting for the body.
 */
function slowWrite(t: TestServer, method: string, path: string, body: unknown) {
  const data = Buffer.from(JSON.stringify(body));
  const half = Math.floor(data.length / 2);
  const req = request(`${t.server.url}/scim/v2/${path}`, {
    method,
    headers: {
      authorization: `Bearer ${t.emulator.adminToken}`,
      "content-type": "application/json",
      "content-length": String(data.length),
    },
  });
  const response = new Promise<{ status: number; text: string }>((resolve, reject) => {
    req.on("response", (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => {
        text += chunk;
      });
      res.on("end", () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on("error", reject);
  });
  req.write(data.subarray(0, half));
  return { response, finish: () => req.end(data.subarray(half)) };
}

const addMember = (id: string) => ({
  schemas: [urn.patch],
  Operations: [{ op: "add", path: "members", value: [{ value: id }] }],
});

function manualClock() {
  let t = Date.parse("2024-03-05T17:00:00Z");
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe("concurrent writes to one resource", () => {
  it("a stalled PATCH body holds no lock: another PATCH to the same id goes through; both are kept", async () => {
    const t = await start();
    const a = (await t.call(2, "POST", "Users", newUser2("member.a"))).json.id as string;
    const b = (await t.call(2, "POST", "Users", newUser2("member.b"))).json.id as string;
    const group = (await t.call(2, "POST", "Groups", { schemas: [urn.group2], displayName: "race" })).json;
    const slow = slowWrite(t, "PATCH", `Groups/${group.id}`, addMember(a));
    // The slow write's headers and half its body are in; its handler is waiting for the rest.
    expect((await t.call(2, "PATCH", `Groups/${group.id}`, addMember(b))).status).toBe(200);
    expect((await t.call(2, "GET", `Groups/${group.id}`)).status).toBe(200);
    slow.finish();
    expect((await slow.response).status).toBe(200);
    // The slow write read its whole body, then looked the group up: it built on the fast write, not before it.
    expect(new Set(t.emulator.store.getGroup(group.id)?.members)).toEqual(new Set([a, b]));
  });

  it("a DELETE during a stalled PATCH is applied; the PATCH then builds on the deactivated user", async () => {
    const t = await start();
    const id = (await t.call(2, "POST", "Users", newUser2("racer"))).json.id as string;
    const patch = { schemas: [urn.patch], Operations: [{ op: "replace", path: "title", value: "slow" }] };
    const slow = slowWrite(t, "PATCH", `Users/${id}`, patch);
    expect((await t.call(2, "DELETE", `Users/${id}`)).status).toBe(204);
    slow.finish();
    expect((await slow.response).status).toBe(200);
    expect(t.emulator.store.getUser(id)).toMatchObject({ title: "slow", active: false });
  });

  it("an aborted in-process Request stops its body read and holds nothing", async () => {
    const t = await start();
    const id = (await t.call(2, "POST", "Users", newUser2("aborted"))).json.id as string;
    const abort = new AbortController();
    const stalled = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{"schemas":'));
      },
    });
    const pending = t.emulator.fetch(
      new Request(`http://scim.test/scim/v2/Users/${id}`, {
        method: "PATCH",
        headers: { authorization: `Bearer ${t.emulator.adminToken}` },
        body: stalled,
        duplex: "half",
        signal: abort.signal,
      } as RequestInit),
    );
    const patch = { schemas: [urn.patch], Operations: [{ op: "replace", path: "title", value: "fast" }] };
    expect((await t.call(2, "PATCH", `Users/${id}`, patch)).status).toBe(200);
    abort.abort();
    const res = await pending;
    expect(res.status).toBe(400);
    expect(((await res.json()) as { detail: string }).detail).toMatch(/aborted/);
  });

  it("the lock window starts only for applied writes, and a locked-out write costs no rate-limit token", async () => {
    const clock = manualClock();
    const t = await start({
      lockWindowMs: 1000,
      now: clock.now,
      rateLimits: { table: { ...slackRateLimits, "PUT|PATCH /Users/{id}": { perMinute: 1, burst: 3 } } },
    });
    const id = (await t.emulator
      .fetch(
        new Request("http://scim.test/scim/v2/Users", {
          method: "POST",
          headers: { authorization: `Bearer ${t.emulator.adminToken}` },
          body: JSON.stringify(newUser2("windowed")),
        }),
      )
      .then((r) => r.json())) as { id: string };
    const title = (value: string) => ({
      schemas: [urn.patch],
      Operations: [{ op: "replace", path: "title", value }],
    });
    // A failed write (400) starts no window.
    expect((await t.call(2, "PATCH", `Users/${id.id}`, { schemas: [urn.patch] })).status).toBe(400);
    expect((await t.call(2, "PATCH", `Users/${id.id}`, title("one"))).status).toBe(200);
    // Locked out three times: none of them spends the one token left (else the second would be rate limited).
    for (let i = 0; i < 3; i++) {
      expect((await t.call(2, "PATCH", `Users/${id.id}`, title("x"))).json.Errors.description).toBe(
        "resource_locked",
      );
    }
    clock.advance(1000);
    expect((await t.call(2, "PATCH", `Users/${id.id}`, title("two"))).status).toBe(200);
    expect((await t.call(2, "GET", `Users/${id.id}`)).json.title).toBe("two");
  });
});
