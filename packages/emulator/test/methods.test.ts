import { describe, expect, it } from "vitest";
import { httpText, rawRequest } from "./helpers/raw-http.js";
import { newUser2, start, urn } from "./helpers/server.js";

/** Methods outside Slack's five: 405 with Allow on the wire, never a 500 or a silent close. */

describe("methods Slack never accepts", () => {
  it.each(["TRACE", "CONNECT", "TRACK", "FOO", "get", "OPTIONS", "HEAD", "M-SEARCH", "PROPFIND", "QUERY"])(
    "%s answers 405 method_not_allowed with Allow",
    async (method) => {
      const { server, emulator } = await start();
      const res = await rawRequest(
        server.url,
        httpText(method, "/scim/v2/Users", { authorization: `Bearer ${emulator.adminToken}` }),
      );
      expect(res.status, res.raw).toBe(405);
      expect(res.headers["allow"]).toBe("GET, POST");
      if (method !== "HEAD") {
        expect(JSON.parse(res.body)).toEqual({
          schemas: [urn.error2],
          detail: "method_not_allowed",
          status: 405,
        });
      }
    },
  );

  it("answers 405 before authentication, in the version's shape, with all of Slack's methods off the routes", async () => {
    const { server } = await start();
    const v1 = await rawRequest(server.url, httpText("TRACE", "/scim/v1/Users/W1"));
    expect(v1.status).toBe(405);
    expect(v1.headers["allow"]).toBe("GET, PUT, PATCH, DELETE");
    expect(JSON.parse(v1.body)).toEqual({ Errors: { description: "method_not_allowed", code: 405 } });
    for (const target of ["/elsewhere", "/_emulator/faults", "/scim/v2/Nope", "*"]) {
      const res = await rawRequest(server.url, httpText("FOO", target));
      expect(res.status, target).toBe(405);
      expect(res.headers["allow"], target).toBe("GET, POST, PUT, PATCH, DELETE");
    }
  });

  it("names the endpoint's own methods in Allow when it refuses one of Slack's", async () => {
    const { call } = await start();
    const id = (await call(2, "POST", "Users", newUser2("allow"))).json.id as string;
    const post = await call(2, "POST", `Users/${id}`, {});
    expect(post.status).toBe(405);
    expect(post.headers.get("allow")).toBe("GET, PUT, PATCH, DELETE");
    const schema = await call(2, "DELETE", "Schemas/Users");
    expect(schema.headers.get("allow")).toBe("GET");
    const spc = await call(1, "PUT", "ServiceProviderConfigs", {});
    expect(spc).toMatchObject({ status: 405, json: { Errors: { description: "method_not_allowed" } } });
    expect(spc.headers.get("allow")).toBe("GET");
  });

  it("keeps the connection usable after a refused method on keep-alive", async () => {
    const { server, emulator } = await start();
    const auth = `Authorization: Bearer ${emulator.adminToken}\r\n`;
    const res = await rawRequest(
      server.url,
      `TRACE /scim/v2/Users HTTP/1.1\r\nHost: x\r\n${auth}\r\nGET /scim/v2/Users HTTP/1.1\r\nHost: x\r\n${auth}Connection: close\r\n\r\n`,
    );
    expect(res.raw).toMatch(/^HTTP\/1\.1 405 /);
    expect(res.raw).toMatch(/HTTP\/1\.1 200 OK/);
  });
});
