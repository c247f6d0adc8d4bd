import { describe, expect, it } from "vitest";
import { createEmulator, type Fault } from "../src/index.js";
import { newUser1, start, urn } from "./helpers/server.js";

/** Fault matching, injected statuses, fault-header items and the `/_emulator/*` control routes (README, Faults). */

describe("fault matching", () => {
  it.each([undefined, "", "*"])("a fault with match %j fires on any request", async (match) => {
    const { call } = await start({
      faults: [{ ...(match === undefined ? {} : { match }), status: 503, times: 2 }],
    });
    expect((await call(1, "GET", "Groups")).status).toBe(503);
    expect((await call(2, "POST", "Users", newUser1("x"))).status).toBe(503);
    expect((await call(1, "GET", "Groups")).status).toBe(200);
  });

  it("a lone method matches every path of that method only", async () => {
    const { call } = await start({ faults: [{ match: "delete", status: 500, times: Infinity }] });
    expect((await call(1, "GET", "Users")).status).toBe(200);
    expect((await call(1, "DELETE", "Groups/S0000000001")).status).toBe(500);
    expect((await call(2, "DELETE", "Users/W0000000001")).status).toBe(500);
  });

  it("a * method with a path matches every method on that path, with or without a trailing slash", async () => {
    const { call } = await start({ faults: [{ match: "* /Groups/", status: 502, times: Infinity }] });
    expect((await call(1, "GET", "Groups")).status).toBe(502);
    expect((await call(2, "POST", "Groups/", { schemas: [urn.group2], displayName: "g" })).status).toBe(502);
    expect((await call(1, "GET", "Groups/S0000000001")).json.Errors.description).toBe("no_such_group");
  });
});

describe("injected statuses", () => {
  it.each([
    [401, "invalid_authentication"],
    [403, "permission_denied"],
    [404, "bad_endpoint"],
    [409, "invalid_request_payload"],
    [502, "internal_error"],
  ])("status %i answers Slack's code %s", async (status, code) => {
    const { call } = await start();
    const res = await call(1, "GET", "Users", undefined, { "x-emulator-fault": `status=${status}` });
    expect(res).toMatchObject({ status, json: { Errors: { description: code, code: status } } });
  });

  it("code= overrides the code in the body", async () => {
    const { call } = await start();
    const res = await call(2, "GET", "Users", undefined, {
      "x-emulator-fault": "status=400, code=invalid_query",
    });
    expect(res.json).toEqual({ schemas: [urn.error2], detail: "invalid_query", status: 400 });
  });

  it("html=504 answers a Gateway Timeout page; another status a generic error page", async () => {
    const { call } = await start();
    const timeout = await call(1, "GET", "Users", undefined, { "x-emulator-fault": "html=504" });
    expect(timeout.status).toBe(504);
    expect(timeout.text).toContain("<title>504 Gateway Timeout</title>");
    const other = await call(1, "GET", "Users", undefined, { "x-emulator-fault": "html=500" });
    expect(other.text).toContain("<title>500 Error</title>");
  });
});

describe("x-emulator-fault header items", () => {
  it.each([
    ["status=soon", /status needs a number/],
    ["retry-after=", /retry-after needs a number/],
    ["reset=sideways", /reset=sideways/],
  ])("refuses %j with a 400 naming the item", async (header, message) => {
    const { call } = await start();
    const res = await call(1, "GET", "Users", undefined, { "x-emulator-fault": header });
    expect(res.status).toBe(400);
    expect(res.json.Errors.description).toMatch(message);
  });

  it("ignores empty items, and a header of only separators injects nothing", async () => {
    const { call } = await start();
    expect((await call(1, "GET", "Users", undefined, { "x-emulator-fault": " ; , " })).status).toBe(200);
    expect((await call(1, "GET", "Users", undefined, { "x-emulator-fault": ";status=418;" })).status).toBe(
      418,
    );
  });

  it("is ignored altogether with faultHeader: false", async () => {
    const { call } = await start({ faultHeader: false });
    expect((await call(1, "GET", "Users", undefined, { "x-emulator-fault": "status=500" })).status).toBe(200);
  });
});

describe("/_emulator control routes", () => {
  it("POST /_emulator/reset puts back the seeded org and clears the faults", async () => {
    const { call, emulator } = await start({ seed: { users: 2 } });
    await call(1, "POST", "Users", newUser1("extra"));
    emulator.faults.push({ match: "GET /Groups", status: 500 });
    const res = await call(1, "POST", "/_emulator/reset");
    expect(res).toMatchObject({ status: 200, json: { ok: true } });
    expect(emulator.store.userCount).toBe(2);
    expect((await call(1, "GET", "Groups")).status).toBe(200);
  });

  it("POST /_emulator/faults takes a list, and GET lists the faults", async () => {
    const { call } = await start();
    const list = [
      { match: "GET /Users", status: 503 },
      { match: "GET /Groups", status: 504 },
    ];
    expect((await call(1, "POST", "/_emulator/faults", list)).json).toEqual({ ok: true, faults: 2 });
    expect((await call(1, "GET", "/_emulator/faults")).json).toEqual({ faults: list });
    expect((await call(1, "GET", "Groups")).status).toBe(504);
  });

  it("refuses a faults body that is not JSON (400) and an unknown control path (404)", async () => {
    const { call } = await start();
    expect((await call(1, "POST", "/_emulator/faults", "{not json")).json).toEqual({
      Errors: { description: "invalid_request_payload", code: 400 },
    });
    expect((await call(1, "PUT", "/_emulator/faults", [])).json).toEqual({
      Errors: { description: "bad_endpoint", code: 404 },
    });
    expect((await call(1, "GET", "/_emulator/reset")).status).toBe(404);
  });
});

describe("malformed faults", () => {
  it("refuses a header fault with a bad value (400), never a 500", async () => {
    const { call } = await start();
    for (const [header, message] of [
      ["status=99", /x-emulator-fault\.status must be an integer from 400 to 599/],
      ["status=600", /x-emulator-fault\.status must be/],
      ["html=42", /x-emulator-fault\.html must be a boolean or an integer status/],
      ["latency=-5", /x-emulator-fault\.latencyMs must be a number of milliseconds/],
      ["retry-after=-1", /x-emulator-fault\.retryAfter must be/],
      ["code=", /x-emulator-fault\.code must be a non-empty string/],
    ] as const) {
      const res = await call(2, "GET", "Users", undefined, { "x-emulator-fault": header });
      expect(res.status, header).toBe(400);
      expect(res.json.detail, header).toMatch(message);
    }
  });

  it('POST /_emulator/faults checks every fault (400 naming the field); "Infinity" stands for Infinity', async () => {
    const { call, emulator } = await start();
    const one = await call(1, "POST", "/_emulator/faults", { status: 99 });
    expect(one.status).toBe(400);
    expect(one.json.Errors.description).toBe(
      "invalid_request_payload (fault.status must be an integer from 400 to 599)",
    );
    const list = await call(1, "POST", "/_emulator/faults", [{ status: 503 }, { times: 0 }]);
    expect(list.json.Errors.description).toMatch(/fault\[1\]\.times must be an integer of 1 or more/);
    expect(emulator.faults).toHaveLength(0);
    const always = await call(1, "POST", "/_emulator/faults", {
      match: "GET /Groups",
      status: 503,
      times: "Infinity",
    });
    expect(always.status).toBe(200);
    expect(emulator.faults[0]?.times).toBe(Infinity);
    for (let i = 0; i < 3; i++) expect((await call(1, "GET", "Groups")).status).toBe(503);
  });

  it("refuses statuses that are not errors and fractional Retry-After, in the option, the header and the route", async () => {
    const { call } = await start();
    for (const header of [
      "status=204",
      "status=205",
      "status=304",
      "status=200",
      "html=204",
      "retry-after=0.5",
    ]) {
      const res = await call(2, "GET", "Users", undefined, { "x-emulator-fault": header });
      expect(res.status, header).toBe(400);
      expect(res.json.detail, header).toMatch(
        /must be (an integer from 400 to 599|a boolean or an integer status from 400|a whole number of seconds)/,
      );
    }
    for (const fault of [{ status: 304 }, { html: 200 }, { status: 503, retryAfter: 0.5 }]) {
      expect((await call(1, "POST", "/_emulator/faults", fault)).status).toBe(400);
      expect(() => createEmulator({ faults: [fault] })).toThrow(TypeError);
    }
    const ok = await call(2, "GET", "Users", undefined, { "x-emulator-fault": "status=503; retry-after=0" });
    expect(ok.status).toBe(503);
    expect(ok.headers.get("retry-after")).toBe("0");
  });

  it("a bad pushed fault affects only the requests it matches", async () => {
    const { call, emulator } = await start();
    emulator.faults.push({ match: "POST /Groups", status: 204 });
    expect((await call(2, "GET", "Users")).status).toBe(200);
    const res = await call(2, "POST", "Groups", { schemas: [urn.group2], displayName: "g" });
    expect(res.status).toBe(500);
    expect(res.json.detail).toBe(
      "internal_error (emulator.faults[0].status must be an integer from 400 to 599)",
    );
    // A `match` that is not a string cannot tell which requests it matches: every request says so.
    emulator.faults.splice(0, 1, { match: 42 } as unknown as Fault);
    expect((await call(2, "GET", "Users")).json.detail).toBe(
      "internal_error (emulator.faults[0].match must be a string)",
    );
  });

  it("a bad fault pushed onto emulator.faults answers a clear 500; the control routes still list and clear it", async () => {
    const { call, emulator } = await start();
    emulator.faults.push({ status: 99 });
    const res = await call(2, "GET", "Users");
    expect(res.status).toBe(500);
    expect(res.json.detail).toBe(
      "internal_error (emulator.faults[0].status must be an integer from 400 to 599)",
    );
    expect((await call(1, "GET", "/_emulator/faults")).json).toEqual({ faults: [{ status: 99 }] });
    expect((await call(1, "DELETE", "/_emulator/faults")).status).toBe(200);
    expect((await call(2, "GET", "Users")).status).toBe(200);
  });

  it("never applies faults to the control routes", async () => {
    const { call } = await start({ faults: [{ status: 503, times: Infinity }] });
    expect((await call(1, "GET", "/_emulator/faults")).status).toBe(200);
    expect(
      (await call(1, "POST", "/_emulator/reset", undefined, { "x-emulator-fault": "status=500" })).status,
    ).toBe(200);
    expect((await call(1, "GET", "Users")).status).toBe(200); // reset cleared the faults
  });

  it("drops a fault from the list once it has fired its times", async () => {
    const { call, emulator } = await start({ faults: [{ match: "GET /Users", status: 503, times: 2 }] });
    expect((await call(1, "GET", "Users")).status).toBe(503);
    expect(emulator.faults).toHaveLength(1);
    expect((await call(1, "GET", "Users")).status).toBe(503);
    expect(emulator.faults).toHaveLength(0);
    expect((await call(1, "GET", "Users")).status).toBe(200);
  });
});
