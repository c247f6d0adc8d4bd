import { describe, expect, it } from "vitest";
import { start, urn } from "./helpers/server.js";

describe("authentication", () => {
  it("answers missing_authentication without an Authorization header, in the 1.1 shape on both versions", async () => {
    const { call } = await start();
    for (const version of [1, 2] as const) {
      const res = await call(version, "GET", "Users", undefined, { authorization: "" });
      // An empty header value carries no credentials, like a missing header.
      expect(res.status).toBe(401);
      expect(res.json).toEqual({ Errors: { description: "missing_authentication", code: 401 } });
    }
  });

  it("answers invalid_authentication for a wrong, empty or non-Bearer token", async () => {
    const { call } = await start();
    for (const value of ["Bearer dummy", "Bearer ", "Basic abc", "xoxp-slack-scim-emulator"]) {
      for (const version of [1, 2] as const) {
        const res = await call(version, "GET", "Users", undefined, { authorization: value });
        expect(res.status).toBe(401);
        expect(res.json).toEqual({ Errors: { description: "invalid_authentication", code: 401 } });
      }
    }
  });

  it("accepts the configured tokens, case-insensitive scheme", async () => {
    const { call } = await start({ token: "xoxp-main", tokens: ["xoxp-other"] });
    expect((await call(1, "GET", "Users", undefined, { authorization: "Bearer xoxp-main" })).status).toBe(
      200,
    );
    expect((await call(2, "GET", "Users", undefined, { authorization: "bearer xoxp-other" })).status).toBe(
      200,
    );
  });

  it("can answer 2.0 auth errors in the RFC shape (v2ErrorStyle: rfc, status as string)", async () => {
    const { call } = await start({ v2ErrorStyle: "rfc", v2ErrorStatusType: "string" });
    const res = await call(2, "GET", "Users", undefined, { authorization: "Bearer nope" });
    expect(res.json).toEqual({ schemas: [urn.error2], detail: "invalid_authentication", status: "401" });
  });

  it("can answer every 2.0 error in the 1.1 shape (v2ErrorStyle: legacy)", async () => {
    const { call } = await start({ v2ErrorStyle: "legacy" });
    const res = await call(2, "GET", "Users/W0000000404");
    expect(res.json).toEqual({ Errors: { description: "no_such_user", code: 404 } });
  });
});
