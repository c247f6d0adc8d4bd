import { request } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
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

/** Repeats a fast write until the server answers it 429 (the slow write holds the lock by then). */
async function untilLocked(send: TestServer["call"] extends (...a: never[]) => infer R ? () => R : never) {
  for (let i = 0; i < 400; i++) {
    const res = await send();
    if (res.status === 429) return res;
    await sleep(5);
  }
  throw new Error("the fast write was never locked out");
}

const addMember = (id: string) => ({
  schemas: [urn.patch],
  Operations: [{ op: "add", path: "members", value: [{ value: id }] }],
});

describe("concurrent writes to one resource", () => {
  it("a fast PATCH during a slow one gets 429 resource_locked; once retried, both members are kept", async () => {
    const t = await start();
    const a = (await t.call(2, "POST", "Users", newUser2("member.a"))).json.id as string;
    const b = (await t.call(2, "POST", "Users", newUser2("member.b"))).json.id as string;
    const group = (await t.call(2, "POST", "Groups", { schemas: [urn.group2], displayName: "race" })).json;
    const slow = slowWrite(t, "PATCH", `Groups/${group.id}`, addMember(a));
    const locked = await untilLocked(() => t.call(2, "PATCH", `Groups/${group.id}`, addMember(b)));
    expect(locked.json).toEqual({ Errors: { description: "resource_locked", code: 429 } });
    expect(locked.headers.get("retry-after")).toBe("1");
    // Reads are never blocked, and other resources are not locked.
    expect((await t.call(2, "GET", `Groups/${group.id}`)).status).toBe(200);
    const other = (await t.call(2, "POST", "Groups", { schemas: [urn.group2], displayName: "other" })).json;
    expect((await t.call(2, "PATCH", `Groups/${other.id}`, addMember(b))).status).toBe(200);
    slow.finish();
    expect((await slow.response).status).toBe(200);
    expect((await t.call(2, "PATCH", `Groups/${group.id}`, addMember(b))).status).toBe(200);
    expect(new Set(t.emulator.store.getGroup(group.id)?.members)).toEqual(new Set([a, b]));
  });

  it("a DELETE during a slow PATCH is refused, not undone by it", async () => {
    const t = await start();
    const id = (await t.call(2, "POST", "Users", newUser2("racer"))).json.id as string;
    const patch = { schemas: [urn.patch], Operations: [{ op: "replace", path: "title", value: "slow" }] };
    const slow = slowWrite(t, "PATCH", `Users/${id}`, patch);
    const locked = await untilLocked(() => t.call(2, "DELETE", `Users/${id}`));
    expect(locked.json.Errors.description).toBe("resource_locked");
    slow.finish();
    expect((await slow.response).status).toBe(200);
    expect((await t.call(2, "DELETE", `Users/${id}`)).status).toBe(204);
    expect(t.emulator.store.getUser(id)).toMatchObject({ title: "slow", active: false });
  });

  it("a PUT during a slow PUT is locked out; the lock is released after a failed write", async () => {
    const t = await start();
    const id = (await t.call(2, "POST", "Users", newUser2("putter"))).json.id as string;
    const slow = slowWrite(t, "PUT", `Users/${id}`, { ...newUser2("putter"), title: "put" });
    await untilLocked(() => t.call(2, "PUT", `Users/${id}`, newUser2("putter")));
    slow.finish();
    expect((await slow.response).status).toBe(200);
    expect(t.emulator.store.getUser(id)?.title).toBe("put");
    // The lock is released after a failed write too.
    const bad = slowWrite(t, "PUT", `Users/${id}`, { schemas: [urn.user2] });
    bad.finish();
    expect((await bad.response).status).toBe(400);
    expect((await t.call(2, "DELETE", `Users/${id}`)).status).toBe(204);
  });
});
