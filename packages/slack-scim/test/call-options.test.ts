import { afterEach, describe, expect, it } from "vitest";
import { SCIM2Client, SCIMTimeoutError } from "../src/index.js";
import { silentLogger, token, v1Client } from "./helpers/clients.js";
import { json, sampleUser, startServer, type TestServer } from "./helpers/server.js";

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const list = (resources: unknown[], totalResults = resources.length) => ({
  totalResults,
  itemsPerPage: resources.length,
  startIndex: 1,
  Resources: resources,
});

describe("a per-call timeout bounds every request of the call", () => {
  // The client's own timeout is 30 s: a lookup that used it would hold the call far past this test's limit.
  it("createUser(u, { timeout }) against a silent server: the create and its recovery lookup both stop at it", {
    timeout: 5_000,
  }, async () => {
    server = await startServer(() => {
      // never answers
    });
    const logger = silentLogger();
    const client = v1Client(server.v1, { logger });
    const error = await client
      .createUser({ userName: "ada", emails: [{ value: "ada@x.example" }] }, { timeout: 300 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SCIMTimeoutError);
    expect((error as SCIMTimeoutError).timeout).toBe(300);
    expect(server.requests.map((r) => r.method)).toEqual(["POST", "GET"]);
    // The lookup gave up at the caller's 300 ms, not the client's 30 s.
    expect(logger.lines.find((l) => l.startsWith("warn createUser: could not check"))).toContain(
      "timed out after 300 ms",
    );
  });

  it("each page of iterateUsers stops at the caller's timeout", { timeout: 5_000 }, async () => {
    server = await startServer((req, res) => {
      if (req.url?.includes("startIndex=1&")) json(res, 200, list([sampleUser("W1")], 2));
      // the second page never comes
    });
    const seen: string[] = [];
    const walk = async () => {
      for await (const user of v1Client(server?.v1 ?? "").iterateUsers({ pageSize: 1, timeout: 200 })) {
        seen.push(user.id ?? "");
      }
    };
    const error = await walk().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SCIMTimeoutError);
    expect((error as SCIMTimeoutError).timeout).toBe(200);
    expect(seen).toEqual(["W1"]);
  });
});

describe("per-call headers reach every request a method makes on the caller's behalf", () => {
  it("createUser: the create, its lookups and its resend", async () => {
    let posts = 0;
    server = await startServer((req, res) => {
      if (req.method === "POST") {
        posts += 1;
        if (posts === 1) json(res, 503, { Errors: { description: "service_unavailable", code: 503 } });
        else
          json(res, 201, sampleUser("W1", { userName: "ada", meta: { created: new Date().toISOString() } }));
      } else json(res, 200, list([]));
    });
    const res = await v1Client(server.v1).createUser(
      { userName: "ada", emails: [{ value: "ada@x.example" }] },
      { headers: { "X-Trace": "t-1" } },
    );
    expect(res.statusCode).toBe(201);
    expect(server.requests.map((r) => r.method)).toEqual(["POST", "GET", "GET", "POST"]);
    expect(server.requests.map((r) => r.headers["x-trace"])).toEqual(["t-1", "t-1", "t-1", "t-1"]);
  });

  it("createGroup: the create and its lookup", async () => {
    server = await startServer((req, res) => {
      if (req.method === "POST") json(res, 500, { Errors: { description: "x", code: 500 } });
      else json(res, 200, list([]));
    });
    const client = new SCIM2Client(token, { baseUrl: server.v2, logger: silentLogger() });
    await client.createGroup({ displayName: "Ops" }, { headers: { "x-trace": "g-1" } }).catch(() => {});
    expect(server.requests.map((r) => `${r.method} ${r.headers["x-trace"]}`)).toEqual([
      "POST g-1",
      "GET g-1",
    ]);
  });

  it("waitForUser: every read", async () => {
    let reads = 0;
    server = await startServer((_req, res) => {
      reads += 1;
      json(res, 200, sampleUser("W1", { active: reads < 3 }));
    });
    await v1Client(server.v1).waitForUser("W1", (u) => u.active === false, {
      interval: 5,
      headers: { "x-trace": "w-1" },
    });
    expect(server.requests.map((r) => r.headers["x-trace"])).toEqual(["w-1", "w-1", "w-1"]);
  });

  it("paginateUsers: every page", async () => {
    server = await startServer((req, res) => {
      const start = Number(new URL(req.url ?? "", "http://x").searchParams.get("startIndex"));
      json(res, 200, { ...list([sampleUser(`W${start}`)], 3), startIndex: start });
    });
    const pages = [];
    for await (const page of v1Client(server.v1).paginateUsers({
      pageSize: 1,
      headers: { "x-trace": "p-1" },
    })) {
      pages.push(page);
    }
    expect(pages).toHaveLength(3);
    expect(server.requests.map((r) => r.headers["x-trace"])).toEqual(["p-1", "p-1", "p-1"]);
  });
});

describe("a caller's abort reaches the recovery lookups", () => {
  it("createUser rejects with the signal's reason when aborted during a lookup", async () => {
    const controller = new AbortController();
    server = await startServer((req, res) => {
      if (req.method === "POST") json(res, 503, { Errors: { description: "x", code: 503 } });
      else controller.abort("stop now"); // the lookup never answers; the caller gives up
    });
    await expect(
      v1Client(server.v1).createUser({ userName: "ada" }, { signal: controller.signal }),
    ).rejects.toBe("stop now");
    expect(server.requests.map((r) => r.method)).toEqual(["POST", "GET"]);
  });
});
