import { describe, expect, it } from "vitest";
import { httpText, rawRequest } from "./helpers/raw-http.js";
import { start } from "./helpers/server.js";

/** Faults act only on requests that passed authentication: nobody without a token triggers or uses one up. */

describe("faults after authentication", () => {
  it("an unauthenticated request with x-emulator-fault gets 401, not the fault", async () => {
    const { call, server } = await start();
    for (const header of ["status=503", "html", "truncate", "latency=5000", "bogus"]) {
      for (const authorization of ["", "Bearer wrong"]) {
        const res = await call(2, "GET", "Users", undefined, { authorization, "x-emulator-fault": header });
        expect(res.status, `${header} ${authorization}`).toBe(401);
        expect(res.json, header).toEqual({
          Errors: {
            description: authorization ? "invalid_authentication" : "missing_authentication",
            code: 401,
          },
        });
      }
    }
    const reset = await rawRequest(
      server.url,
      httpText("GET", "/scim/v1/Users", { "x-emulator-fault": "reset=before-body" }),
    );
    expect(reset.error).toBeUndefined();
    expect(reset.status).toBe(401);
  });

  it("an unauthenticated request matching a queued fault neither triggers nor consumes it", async () => {
    const { call, emulator } = await start({ faults: [{ match: "GET /Users", status: 503, times: 1 }] });
    for (const authorization of ["", "Bearer wrong", "Basic eA=="]) {
      expect((await call(1, "GET", "Users", undefined, { authorization })).status).toBe(401);
    }
    expect(emulator.faults).toHaveLength(1);
    expect((await call(1, "GET", "Users")).status).toBe(503);
    expect(emulator.faults).toHaveLength(0);
    expect((await call(1, "GET", "Users")).status).toBe(200);
  });

  it("the capabilities document fetched without a token does not consume a match-all fault", async () => {
    const { call, emulator } = await start({ faults: [{ status: 500 }] });
    const open = await call(2, "GET", "ServiceProviderConfig", undefined, { authorization: "" });
    expect(open.status).toBe(200);
    expect(emulator.faults).toHaveLength(1);
    // With a token it is an authenticated request like any other.
    expect((await call(2, "GET", "ServiceProviderConfig")).status).toBe(500);
    expect(emulator.faults).toHaveLength(0);
  });
});
