import type { ServerResponse } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { SCIMHTTPError, SCIMResponseError, type User } from "../src/index.js";
import { silentLogger, v1Client } from "./helpers/clients.js";
import { query } from "./helpers/list-server.js";
import { json, type ReceivedRequest, startServer, type TestServer } from "./helpers/server.js";

/**
 * What the purpose-made server does with one `POST`: answer with a status (creating nothing), or create the
 * resource and then answer normally, reset the connection, or send a cut body.
 */
type PostAction =
  | { status: number; code?: string; before?: () => void }
  | { create: "answer" | "reset" | "truncate"; unlisted?: boolean };

/** A purpose-made SCIM 1.1 server whose `POST`s follow a script and whose searches read `stored`. */
interface ScriptedServer extends TestServer {
  stored: Record<string, unknown>[];
  unlisted: Record<string, unknown>[];
  posts: () => ReceivedRequest[];
  searches: () => string[];
}

const longAgo = "2020-01-01T00:00:00Z";
let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function matches(resource: Record<string, unknown>, filter: string): boolean {
  const m = /^(\w+) eq (".*")$/.exec(filter);
  if (!m) return false;
  const wanted = (JSON.parse(m[2] as string) as string).toLowerCase();
  if (m[1] === "email") {
    const emails = (resource["emails"] ?? []) as { value?: string }[];
    return emails.some((e) => e.value?.toLowerCase() === wanted);
  }
  return String(resource[m[1] as string] ?? "").toLowerCase() === wanted;
}

async function scripted(
  posts: PostAction[],
  options: { searchStatus?: (n: number) => number | undefined; searchDelayMs?: number } = {},
): Promise<ScriptedServer> {
  const stored: Record<string, unknown>[] = [];
  const unlisted: Record<string, unknown>[] = [];
  let postCount = 0;
  let searchCount = 0;
  const answer = async (res: ServerResponse, received: ReceivedRequest) => {
    if (received.method === "GET") {
      searchCount += 1;
      if (options.searchDelayMs) await new Promise((r) => setTimeout(r, options.searchDelayMs));
      const status = options.searchStatus?.(searchCount);
      if (status !== undefined) return json(res, status, { Errors: { description: "internal_error" } });
      const filter = query(received).get("filter") ?? "";
      const found = stored.filter((r) => matches(r, filter));
      return json(res, 200, { totalResults: found.length, startIndex: 1, Resources: found });
    }
    const action = posts[postCount++] ?? { create: "answer" };
    if ("status" in action) {
      action.before?.();
      return json(res, action.status, { Errors: { description: action.code ?? "internal_error" } });
    }
    const resource = {
      id: `R${stored.length + 1}`,
      ...JSON.parse(received.body),
      meta: { created: new Date().toISOString() },
    };
    // Slack's search can lag behind a create: an unlisted resource exists but no search finds it yet.
    (action.unlisted ? unlisted : stored).push(resource);
    if (action.create === "reset") return void res.socket?.destroy();
    const text = JSON.stringify(resource);
    if (action.create === "truncate") {
      res.writeHead(201, { "content-type": "application/json" });
      return void res.end(text.slice(0, text.length / 2));
    }
    json(res, 201, resource);
  };
  const base = await startServer((_req, res, received) => answer(res, received));
  return {
    ...base,
    stored,
    unlisted,
    posts: () => base.requests.filter((r) => r.method === "POST"),
    searches: () => base.requests.filter((r) => r.method === "GET").map((r) => query(r).get("filter") ?? ""),
  };
}

const ada: User = {
  userName: "ada",
  emails: [
    { value: "ada@work.example", primary: false },
    { value: "", primary: false },
    { value: "ada@home.example", primary: true },
  ],
};

describe("createUser when the second try fails too", () => {
  it("resolves with the user when a 409 shows the first try took effect late", async () => {
    server = await scripted([
      { status: 500 },
      {
        status: 409,
        code: "username_taken",
        // The first request is applied only now, while the second is answered.
        before: () => server?.stored.push({ id: "W1", ...ada, meta: { created: new Date().toISOString() } }),
      },
    ]);
    const res = await v1Client(server.v1).createUser(ada);
    expect(res.recovered).toBe(true);
    expect(res.user.id).toBe("W1");
    expect(server.posts()).toHaveLength(2);
    expect(server.stored).toHaveLength(1);
  });

  it("rejects with the 409, someone else's user attached, when an older user holds the email", async () => {
    const incumbent = {
      id: "W0",
      userName: "countess",
      emails: [{ value: "ada@home.example" }],
      meta: { created: longAgo },
    };
    server = await scripted([
      { status: 500 },
      { status: 409, code: "email_taken", before: () => server?.stored.push(incumbent) },
    ]);
    const error = await v1Client(server.v1)
      .createUser(ada)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SCIMHTTPError);
    expect((error as SCIMHTTPError).errorCode).toBe("email_taken");
    expect(((error as SCIMHTTPError).existing as User).id).toBe("W0");
    expect(server.posts()).toHaveLength(2);
  });

  it("rejects with the second error when neither try left a user behind", async () => {
    server = await scripted([{ status: 500 }, { status: 503 }]);
    const error = await v1Client(server.v1)
      .createUser(ada)
      .catch((e: unknown) => e);
    expect((error as SCIMHTTPError).statusCode).toBe(503);
    expect(server.posts()).toHaveLength(2);
    expect(server.stored).toHaveLength(0);
  });

  it("looks up by userName, then the primary email, then the others, skipping empty ones", async () => {
    server = await scripted([{ status: 500 }, { status: 400, code: "invalid_email" }]);
    const error = await v1Client(server.v1)
      .createUser(ada)
      .catch((e: unknown) => e);
    // A 400 on the second try is a plain failure: no lookup follows it.
    expect((error as SCIMHTTPError).statusCode).toBe(400);
    expect(server.searches()).toEqual([
      'userName eq "ada"',
      'email eq "ada@home.example"',
      'email eq "ada@work.example"',
    ]);
  });

  it("rejects with the second try's error when the lookup after it fails", async () => {
    server = await scripted([{ status: 500 }, { status: 502 }], {
      searchStatus: (n) => (n > 3 ? 500 : undefined),
    });
    const error = await v1Client(server.v1)
      .createUser(ada)
      .catch((e: unknown) => e);
    expect((error as SCIMHTTPError).statusCode).toBe(502);
    expect(server.posts()).toHaveLength(2);
  });
});

describe("createUser's first try", () => {
  it("is never sent again after a 2xx whose body was cut, even when the user cannot be found", async () => {
    server = await scripted([{ create: "truncate", unlisted: true }]);
    const error = await v1Client(server.v1)
      .createUser(ada)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SCIMResponseError);
    expect(server.searches()).toHaveLength(3);
    expect(server.posts()).toHaveLength(1);
    expect(server.unlisted).toHaveLength(1);
  });

  it("rejects a 409 without an attached user when the lookup fails", async () => {
    server = await scripted([{ status: 409, code: "username_taken" }], { searchStatus: () => 500 });
    const error = (await v1Client(server.v1)
      .createUser(ada)
      .catch((e: unknown) => e)) as SCIMHTTPError;
    expect(error.errorCode).toBe("username_taken");
    expect(error.existing).toBeUndefined();
  });

  it("resolves a recovered user that has no id with the collection's URL", async () => {
    server = await scripted([{ status: 500, before: () => server?.stored.push({ ...ada }) }]);
    const res = await v1Client(server.v1).createUser(ada);
    expect(res.recovered).toBe(true);
    expect(res.user.userName).toBe("ada");
    expect(res.url).toBe(`${server.v1}Users`);
  });

  it("rejects with the caller's abort reason when the abort comes during the lookup", async () => {
    server = await scripted([{ status: 500 }], { searchDelayMs: 200 });
    const controller = new AbortController();
    const reason = new Error("user cancelled");
    setTimeout(() => controller.abort(reason), 50);
    const error = await v1Client(server.v1)
      .createUser(ada, { signal: controller.signal })
      .catch((e: unknown) => e);
    expect(error).toBe(reason);
    expect(server.posts()).toHaveLength(1);
  });
});

describe("an abort during the lookup after a 409", () => {
  it("rejects with the caller's reason rather than the 409", async () => {
    server = await scripted([{ status: 409, code: "username_taken" }], { searchDelayMs: 200 });
    const controller = new AbortController();
    setTimeout(() => controller.abort("stop"), 50);
    const error = await v1Client(server.v1)
      .createUser(ada, { signal: controller.signal })
      .catch((e: unknown) => e);
    expect(error).toBe("stop");
  });
});

describe("createGroup with members", () => {
  it("recovers its own group after a reset, not a same-named group with other members", async () => {
    server = await scripted([{ create: "reset" }]);
    const now = new Date().toISOString();
    server.stored.push(
      {
        id: "G9",
        displayName: "oncall",
        members: [{ value: "W1" }, { value: "W2" }, { value: "W3" }],
        meta: { created: now },
      },
      { id: "G8", displayName: "oncall", members: [{ value: "W1" }], meta: { created: now } },
    );
    const client = v1Client(server.v1, { logger: silentLogger() });
    const res = await client.createGroup({
      displayName: "OnCall",
      members: [{ value: "W2" }, { value: "w1" }],
    });
    expect(res.recovered).toBe(true);
    expect(res.group.id).toBe("R3");
    expect(server.posts()).toHaveLength(1);
  });

  it("rejects with the original error when only another team's group of that name exists", async () => {
    server = await scripted([{ status: 500 }]);
    server.stored.push({
      id: "G9",
      displayName: "oncall",
      members: [{ value: "W1" }],
      meta: { created: longAgo },
    });
    const error = (await v1Client(server.v1)
      .createGroup({ displayName: "oncall", members: [{ value: "W1" }] })
      .catch((e: unknown) => e)) as SCIMHTTPError;
    expect(error.statusCode).toBe(500);
    expect((error.existing as { id: string }).id).toBe("G9");
    expect(server.posts()).toHaveLength(1);
  });
});
