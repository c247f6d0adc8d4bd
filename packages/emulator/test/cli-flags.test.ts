import { afterEach, describe, expect, it } from "vitest";
import { parseFaultSpec } from "../src/cli/fault-spec.js";
import { runServer, type ServerHandle, usage } from "../src/cli.js";
import { parseFaultHeader, type StartedEmulator } from "../src/index.js";
import { newUser2, urn } from "./helpers/server.js";

const running: ServerHandle[] = [];
afterEach(async () => {
  while (running.length > 0) await running.pop()?.close();
});

/** Starts the command in process with `argv` (plus `--port 0`) and returns its emulator. */
async function serve(...argv: string[]): Promise<StartedEmulator> {
  let stderr = "";
  const handle = await runServer(["--port", "0", ...argv], {
    stdout: { write: () => true },
    stderr: { write: (text: string) => (stderr += text) },
  });
  running.push(handle);
  if (!handle.emulator) throw new Error(`did not start: ${stderr}`);
  return handle.emulator;
}

async function usageError(...argv: string[]): Promise<string> {
  let stderr = "";
  const handle = await runServer(argv, {
    stdout: { write: () => true },
    stderr: { write: (text: string) => (stderr += text) },
  });
  expect(await handle.done).toBe(2);
  return stderr;
}

function call(
  e: StartedEmulator,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
) {
  return fetch(`${e.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${e.adminToken}`, "content-type": "application/json", ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

describe("slack-scim-emulator flags for the library's options", () => {
  it("--fault in the header grammar with match= and times=, repeatable, in order", async () => {
    const e = await serve(
      "--fault",
      "match=POST /Users; status=429; retry-after=0; times=2",
      "--fault",
      '{"match":"GET /Groups","status":503,"times":"Infinity"}',
    );
    expect(e.faults).toEqual([
      { match: "POST /Users", status: 429, retryAfter: 0, times: 2 },
      { match: "GET /Groups", status: 503, times: Infinity },
    ]);
    const statuses = [];
    for (let i = 0; i < 3; i++)
      statuses.push((await call(e, "POST", "/scim/v2/Users", newUser2(`f${i}`))).status);
    expect(statuses).toEqual([429, 429, 201]);
    expect((await call(e, "GET", "/scim/v1/Groups")).status).toBe(503);
    expect((await call(e, "GET", "/scim/v1/Groups")).status).toBe(503);
  });

  it.each([
    ["status=99", /--fault\.status must be an integer from 400 to 599/],
    ["match=GET /Users", /has no effect/],
    ["status=500; times=0", /times=0 must be an integer of 1 or more, or Infinity/],
    ["bogus=1", /--fault: unknown item "bogus"/],
    ["{nope", /--fault: not valid JSON/],
    ['{"status":500,"extra":1}', /--fault: unknown field "extra"/],
  ])("refuses --fault %j as a usage error", async (spec, message) => {
    const stderr = await usageError("--fault", spec);
    expect(stderr).toMatch(message);
    expect(stderr.split("\n")).toHaveLength(2);
  });

  it("--latency delays every answer, and every --fault too", async () => {
    const e = await serve("--latency", "40", "--fault", "match=GET /Groups; status=500");
    expect(e.faults).toEqual([
      { latencyMs: 40, match: "GET /Groups", status: 500 },
      { latencyMs: 40, times: Infinity },
    ]);
    for (const path of ["/scim/v1/Groups", "/scim/v1/Users"]) {
      const started = performance.now();
      await (await call(e, "GET", path)).text();
      // A lower bound only: the answer waited at least the latency.
      expect(performance.now() - started, path).toBeGreaterThanOrEqual(39);
    }
  });

  it("--lock-window: a second write to the same user within the window is 429 resource_locked", async () => {
    const e = await serve("--lock-window", "60000");
    const user = (await (await call(e, "POST", "/scim/v2/Users", newUser2("locked"))).json()) as {
      id: string;
    };
    const patch = { schemas: [urn.patch], Operations: [{ op: "replace", path: "title", value: "t" }] };
    expect((await call(e, "PATCH", `/scim/v2/Users/${user.id}`, patch)).status).toBe(200);
    const second = await call(e, "PATCH", `/scim/v2/Users/${user.id}`, patch);
    expect(second.status).toBe(429);
    expect(await second.json()).toEqual({ Errors: { description: "resource_locked", code: 429 } });
  });

  it("--deactivation-delay: reads show a deactivated user as active for that long", async () => {
    const e = await serve("--deactivation-delay", "60000");
    const user = (await (await call(e, "POST", "/scim/v2/Users", newUser2("leaving"))).json()) as {
      id: string;
    };
    expect((await call(e, "DELETE", `/scim/v2/Users/${user.id}`)).status).toBe(204);
    expect(await (await call(e, "GET", `/scim/v2/Users/${user.id}`)).json()).toMatchObject({ active: true });
    expect(e.store.getUser(user.id)?.active).toBe(false);
  });

  it("--strict-content-type: a body sent as text/plain is 415; application/scim+json passes", async () => {
    const e = await serve("--strict-content-type");
    const body = JSON.stringify(newUser2("typed"));
    const headers = { authorization: `Bearer ${e.adminToken}` };
    const plain = await fetch(`${e.url}/scim/v2/Users`, {
      method: "POST",
      body,
      headers: { ...headers, "content-type": "text/plain" },
    });
    expect(plain.status).toBe(415);
    const scim = await fetch(`${e.url}/scim/v2/Users`, {
      method: "POST",
      body,
      headers: { ...headers, "content-type": "application/scim+json; charset=utf-8" },
    });
    expect(scim.status).toBe(201);
  });

  it("--photo-delay: reads show the previous photo for that long after a write", async () => {
    const e = await serve("--photo-delay", "60000");
    const created = newUser2("pictured") as Record<string, unknown>;
    created["photos"] = [{ value: "https://example.com/a.png", type: "photo", primary: true }];
    const user = (await (await call(e, "POST", "/scim/v2/Users", created)).json()) as { id: string };
    const read = (await (await call(e, "GET", `/scim/v2/Users/${user.id}`)).json()) as {
      photos?: { value: string }[];
    };
    expect(read.photos?.[0]?.value).not.toBe("https://example.com/a.png");
    expect(await usageError("--photo-delay", "soon")).toContain(
      '--photo-delay must be a non-negative integer, not "soon"',
    );
  });

  it("--v2-error-style and --rate-limit-error-body shape SCIM 2.0 error bodies", async () => {
    const rfc = await serve("--v2-error-style", "rfc", "--rate-limit-error-body", "version");
    const unauthorised = await fetch(`${rfc.url}/scim/v2/Users`);
    expect(await unauthorised.json()).toEqual({
      schemas: [urn.error2],
      detail: "missing_authentication",
      status: 401,
    });
    const limited = await call(rfc, "GET", "/scim/v2/Users", undefined, { "x-emulator-fault": "status=429" });
    expect(await limited.json()).toEqual({ schemas: [urn.error2], detail: "too_many_requests", status: 429 });
    const legacy = await serve("--v2-error-style", "legacy");
    const missing = await call(legacy, "GET", "/scim/v2/Users/W0000000000");
    expect(await missing.json()).toMatchObject({ Errors: { code: 404 } });
    expect(await usageError("--v2-error-style", "RFC")).toContain(
      '--v2-error-style must be mixed or rfc or legacy, not "RFC"',
    );
    expect(await usageError("--rate-limit-error-body", "x")).toContain(
      "--rate-limit-error-body must be legacy or version",
    );
    expect(await usageError("--lock-window", "soon")).toContain(
      '--lock-window must be a non-negative integer, not "soon"',
    );
  });
});

describe("--help", () => {
  it("lists every flag and both forms of fault, and the control routes", () => {
    for (const flag of [
      "--port",
      "--host",
      "--token",
      "--file",
      "--seed-users",
      "--seed-groups",
      "--seed",
      "--rate-limits",
      "--lock-window",
      "--deactivation-delay",
      "--photo-delay",
      "--strict-content-type",
      "--v2-error-style",
      "--rate-limit-error-body",
      "--latency",
      "--fault",
      "--help",
      "--version",
      "x-emulator-fault",
      "POST /_emulator/faults",
      "GET /_emulator/faults",
      "DELETE /_emulator/faults",
      "POST /_emulator/reset",
    ]) {
      expect(usage, flag).toContain(flag);
    }
  });

  it("gives examples that work as written: --fault, the header, and each control route", async () => {
    const faultExample = /--fault "([^"]+)"/.exec(usage)?.[1] as string;
    expect(parseFaultSpec(faultExample)).toMatchObject({ match: "POST /Users", status: 429 });
    const headerExample = /x-emulator-fault: ([^"]+)"/.exec(usage)?.[1] as string;
    expect(parseFaultHeader(headerExample)).toEqual({ status: 503, retryAfter: 2 });

    const e = await serve();
    // Every curl line of the control routes, run with fetch against this server.
    const curls = [
      ...usage.matchAll(
        /curl (-X (\w+) )?(.*?)(?:-d '([^']+)' )?http:\/\/127\.0\.0\.1:8787(\/_emulator\/\w+)/gs,
      ),
    ];
    expect(curls.map((m) => `${m[2] ?? (m[4] ? "POST" : "GET")} ${m[5]}`)).toEqual([
      "POST /_emulator/faults",
      "GET /_emulator/faults",
      "DELETE /_emulator/faults",
      "POST /_emulator/reset",
    ]);
    const answers = [];
    for (const m of curls) {
      const method = m[2] ?? (m[4] ? "POST" : "GET");
      const res = await fetch(`${e.url}${m[5]}`, {
        method,
        headers: { authorization: `Bearer ${e.adminToken}`, "content-type": "application/json" },
        ...(m[4] ? { body: m[4] } : {}),
      });
      answers.push([res.status, await res.json()]);
    }
    expect(answers).toEqual([
      [200, { ok: true, faults: 1 }],
      [200, { faults: [{ match: "GET /Users", status: 500, times: 2 }] }],
      [200, { ok: true, faults: 0 }],
      [200, { ok: true }],
    ]);
  });
});
