import { afterEach, describe, expect, it } from "vitest";
import {
  ErrorCode,
  isSCIMError,
  SCIM2Client,
  SCIMHTTPError,
  SCIMRateLimitedError,
  SCIMResponseError,
} from "../src/index.js";
import { instantHandlers, silentLogger, token, v1Client } from "./helpers/clients.js";
import { json, startServer, type TestServer } from "./helpers/server.js";

let server: TestServer;
afterEach(() => server?.close());

const legacy = (description: string, code: number) => ({ Errors: { description, code } });
const rfc = (detail: string, status: number | string) => ({
  schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"],
  detail,
  status,
});

const cases: [number, string, string][] = [
  [400, "no_filters (is_aggregate_call=1)", "no_filters"],
  [401, "invalid_authentication", "invalid_authentication"],
  [403, "permission_denied", "permission_denied"],
  [404, "no_such_user", "no_such_user"],
  [409, "username_taken (user=W1)", "username_taken"],
  [429, "too_many_requests", "too_many_requests"],
  [500, "database_query_failure", "database_query_failure"],
];

async function failWith(status: number, body: unknown, headers: Record<string, string> = {}) {
  server = await startServer((_req, res) => json(res, status, body, headers));
}

describe.each([
  ["SCIMClient", (url: string) => v1Client(url, { retryHandlers: [] })],
  [
    "SCIM2Client",
    (url: string) => new SCIM2Client(token, { baseUrl: url, logger: silentLogger(), retryHandlers: [] }),
  ],
])("%s error mapping", (_name, makeClient) => {
  describe.each([
    ["the 1.1 Errors shape", legacy],
    ["the 2.0 detail/status shape", rfc],
  ])("%s", (_shape, shape) => {
    it.each(cases)("%i %s becomes a typed error with Slack's code", async (status, description, code) => {
      await failWith(status, shape(description, status));
      const error = await makeClient(server.url)
        .readUser("W1")
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(status === 429 ? SCIMRateLimitedError : SCIMHTTPError);
      const httpError = error as SCIMHTTPError;
      expect(httpError.code).toBe(status === 429 ? ErrorCode.RateLimitedError : ErrorCode.HTTPError);
      expect(httpError.statusCode).toBe(status);
      expect(httpError.errorCode).toBe(code);
      expect(httpError.detail).toBe(description);
      expect(httpError.request).toEqual({ method: "GET", url: `${server.url}/Users/W1` });
      expect(httpError.message).toBe(`SCIM request failed: ${status} ${code}, GET /Users/W1`);
      expect(httpError.body).toEqual(shape(description, status));
      expect(httpError.response.rawBody).toBe(JSON.stringify(shape(description, status)));
      expect(isSCIMError(httpError)).toBe(true);
    });
  });
});

describe("error bodies that are not SCIM", () => {
  it("reads scimType, and leaves errorCode empty when the detail is a sentence", async () => {
    const sentence = "Multi-valued attributes can not have more than one primary element";
    await failWith(400, { ...rfc(sentence, "400"), scimType: "invalidValue" });
    const error = (await v1Client(server.v1)
      .readUser("W1")
      .catch((e: unknown) => e)) as SCIMHTTPError;
    expect(error.detail).toBe(sentence);
    expect(error.errorCode).toBeUndefined();
    expect(error.scimType).toBe("invalidValue");
    expect(error.message).toBe("SCIM request failed: 400, GET /scim/v1/Users/W1");
  });

  it("turns an HTML error page into an HTTP error with the raw text kept", async () => {
    const html = "<html><body><h1>502 Bad Gateway</h1></body></html>";
    server = await startServer((_req, res) => {
      res.writeHead(502, { "content-type": "text/html" });
      res.end(html);
    });
    const error = (await v1Client(server.v1)
      .readUser("W1")
      .catch((e: unknown) => e)) as SCIMHTTPError;
    expect(error).toBeInstanceOf(SCIMHTTPError);
    expect(error.statusCode).toBe(502);
    expect(error.body).toBeUndefined();
    expect(error.response.rawBody).toBe(html);
    expect(error.message).toBe("SCIM request failed: 502 non-JSON body, GET /scim/v1/Users/W1");
  });

  it("turns an empty error body into an HTTP error", async () => {
    server = await startServer((_req, res) => {
      res.writeHead(403);
      res.end();
    });
    const error = (await v1Client(server.v1)
      .readUser("W1")
      .catch((e: unknown) => e)) as SCIMHTTPError;
    expect(error.statusCode).toBe(403);
    expect(error.errorCode).toBeUndefined();
    expect(error.message).toBe("SCIM request failed: 403, GET /scim/v1/Users/W1");
  });

  it("turns a truncated JSON error body into an HTTP error without a parsed body", async () => {
    server = await startServer((_req, res) => {
      res.writeHead(500, { "content-type": "application/json" });
      res.end('{"Errors":{"descrip');
    });
    const error = (await v1Client(server.v1)
      .readUser("W1")
      .catch((e: unknown) => e)) as SCIMHTTPError;
    expect(error.statusCode).toBe(500);
    expect(error.body).toBeUndefined();
    expect(error.response.rawBody).toBe('{"Errors":{"descrip');
  });

  it("rejects a 2xx with a truncated JSON body with SCIMResponseError", async () => {
    server = await startServer((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end('{"id":"W1","userN');
    });
    const error = (await v1Client(server.v1)
      .readUser("W1")
      .catch((e: unknown) => e)) as SCIMResponseError;
    expect(error).toBeInstanceOf(SCIMResponseError);
    expect(error.code).toBe(ErrorCode.ResponseError);
    expect(error.response.rawBody).toBe('{"id":"W1","userN');
    expect(error.message).toBe(
      "SCIM response unusable: 200 body is not a JSON object, GET /scim/v1/Users/W1",
    );
  });

  it("rejects a 2xx whose list is not a list, and an empty 200 where a user is needed", async () => {
    server = await startServer((req, res) => {
      if (req.url?.includes("/Users/")) {
        res.writeHead(200);
        res.end();
      } else json(res, 200, { Resources: { not: "a list" } });
    });
    const client = v1Client(server.v1);
    await expect(client.searchUsers()).rejects.toThrow(/Resources is not a list/);
    await expect(client.readUser("W1")).rejects.toThrow(/200 empty body/);
  });

  it("gives retryAfter in seconds on a 429 that is not retried", async () => {
    await failWith(429, legacy("too_many_requests", 429), { "retry-after": "7" });
    const error = (await v1Client(server.v1, {
      rejectRateLimitedCalls: true,
      retryHandlers: instantHandlers(),
    })
      .readUser("W1")
      .catch((e: unknown) => e)) as SCIMRateLimitedError;
    expect(error).toBeInstanceOf(SCIMRateLimitedError);
    expect(error.retryAfter).toBe(7);
    expect(server.requests).toHaveLength(1);
  });

  it("isSCIMError recognises errors by code prefix and refuses others", () => {
    const foreign = Object.assign(new Error("x"), { code: "slack_scim_http_error" });
    expect(isSCIMError(foreign)).toBe(true);
    expect(isSCIMError(new Error("x"))).toBe(false);
    expect(isSCIMError({ code: "slack_scim_http_error" })).toBe(false);
  });
});
