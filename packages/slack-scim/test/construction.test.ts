import { afterEach, describe, expect, it } from "vitest";
import { type FetchLike, SCIM2Client, SCIMClient } from "../src/index.js";
import { silentLogger, token } from "./helpers/clients.js";
import { cert, setEnv } from "./helpers/proxy.js";
import { json, sampleUser, startServer, type TestServer } from "./helpers/server.js";

const cleanups: (() => void)[] = [];
let server: TestServer | undefined;
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
  await server?.close();
  server = undefined;
});

const noProxyVariables = {
  HTTP_PROXY: undefined,
  http_proxy: undefined,
  HTTPS_PROXY: undefined,
  https_proxy: undefined,
};

/** The error the constructor throws, or a failure when it throws none. */
function thrownBy(make: () => unknown): Error {
  try {
    make();
  } catch (error) {
    return error as Error;
  }
  throw new Error("the constructor threw nothing");
}

const password = "hunter2-p4ss";
const malformed = [
  ["a space in the host", `http://user:${password}@bad host:3128`],
  ["no scheme", `user:${password}@proxy.example:3128`],
  ["a scheme undici cannot proxy through", `ftp://user:${password}@proxy.example:21`],
  ["a port out of range", `http://user:${password}@proxy.example:99999`],
];

describe("a malformed proxy URL", () => {
  it.each(malformed)("in the proxy option (%s) is our TypeError naming it, password hidden", (_what, url) => {
    cleanups.push(setEnv(noProxyVariables));
    const error = thrownBy(() => new SCIMClient(token, { proxy: url }));
    expect(error).toBeInstanceOf(TypeError);
    expect(error.message).toContain('option "proxy"');
    expect(error.message).toContain("***@");
    expect(JSON.stringify({ ...error, message: error.message, stack: error.stack })).not.toContain(password);
    expect(String((error as { input?: unknown }).input)).not.toContain(password);
  });

  it.each(["HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "http_proxy"])(
    "in %s is our TypeError at construction naming the variable, password hidden",
    (name) => {
      cleanups.push(setEnv({ ...noProxyVariables, [name]: `http://user:${password}@bad host:3128` }));
      const error = thrownBy(() => new SCIM2Client(token));
      expect(error).toBeInstanceOf(TypeError);
      expect(error.message).toContain(`environment variable ${name}`);
      expect(error.message).toContain('"http://***@bad host:3128"');
      expect(`${error.message}\n${error.stack}`).not.toContain(password);
    },
  );

  it("that is not a string is a TypeError naming the option", () => {
    expect(() => new SCIMClient(token, { proxy: 3128 as never })).toThrow('option "proxy" must be a string');
  });

  it("in the environment is not checked when the proxy option or fetch replaces it", () => {
    cleanups.push(setEnv({ ...noProxyVariables, HTTPS_PROXY: "http://bad host" }));
    expect(() => new SCIMClient(token, { proxy: "http://proxy.example:3128" })).not.toThrow();
    expect(() => new SCIMClient(token, { fetch: (url, init) => fetch(url, init) })).not.toThrow();
  });

  it("an empty variable counts as unset, and a well-formed one passes", () => {
    cleanups.push(
      setEnv({ ...noProxyVariables, HTTP_PROXY: "", HTTPS_PROXY: "http://u:p@proxy.example:3128" }),
    );
    expect(() => new SCIMClient(token)).not.toThrow();
  });
});

describe("fetch with proxy or tls", () => {
  const userFetch: FetchLike = (url, init) => fetch(url, init);
  it.each([
    ["proxy", { proxy: "http://proxy.example:3128" }, /configure the proxy on your fetch/],
    ["tls", { tls: { ca: cert } }, /configure the TLS settings on your fetch/],
  ])("%s is a TypeError that says to configure it on the fetch", (name, extra, message) => {
    const error = thrownBy(() => new SCIMClient(token, { fetch: userFetch, ...extra }));
    expect(error).toBeInstanceOf(TypeError);
    expect(error.message).toContain(`"fetch" and "${name}" cannot be combined`);
    expect(error.message).toMatch(message);
  });
});

describe("a client on the other version's base URL", () => {
  it.each([
    [
      "SCIM2Client",
      "https://api.slack.com/scim/v1/",
      (url: string) => new SCIM2Client(token, { baseUrl: url }),
    ],
    ["SCIM2Client", "http://127.0.0.1:9/scim/v1", (url: string) => new SCIM2Client(token, { baseUrl: url })],
    [
      "SCIMClient",
      "https://api.slack.com/scim/v2/",
      (url: string) => new SCIMClient(token, { baseUrl: url }),
    ],
    ["SCIMClient", "https://gw.example/SCIM/V2/", (url: string) => new SCIMClient(token, { baseUrl: url })],
  ])("%s on %s is a TypeError naming both", (name, url, make) => {
    const error = thrownBy(() => make(url));
    expect(error).toBeInstanceOf(TypeError);
    expect(error.message).toMatch(new RegExp(`^${name} speaks SCIM (1\\.1|2\\.0) but its baseUrl path`));
    expect(error.message).toContain(new URL(url).pathname);
    expect(error.message).toContain("allowVersionMismatch");
  });

  it("is allowed with allowVersionMismatch: true, and sends that client's shapes there", async () => {
    server = await startServer((_req, res) => json(res, 201, sampleUser()));
    const client = new SCIM2Client(token, {
      baseUrl: server.v1,
      allowVersionMismatch: true,
      logger: silentLogger(),
    });
    await client.createUser({ userName: "ada" });
    expect(server.requests[0]?.url).toBe("/scim/v1/Users");
    expect(JSON.parse(server.requests[0]?.body ?? "").schemas).toEqual([
      "urn:ietf:params:scim:schemas:core:2.0:User",
    ]);
  });

  it("leaves base URLs that name no version alone", () => {
    expect(() => new SCIM2Client(token, { baseUrl: "https://gw.example/slack/" })).not.toThrow();
    expect(() => new SCIMClient(token, { baseUrl: "https://gw.example/scim/v10/" })).not.toThrow();
  });

  it("refuses an allowVersionMismatch that is not a boolean", () => {
    expect(() => new SCIMClient(token, { allowVersionMismatch: "yes" as never })).toThrow(
      /"allowVersionMismatch" must be a boolean/,
    );
  });
});
