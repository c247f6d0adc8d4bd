import { afterEach } from "vitest";
import { createEmulator, type Emulator, type EmulatorOptions, type EmulatorServer } from "../../src/index.js";

/** A started emulator plus small request helpers over real loopback `fetch`. */
export interface TestServer {
  emulator: Emulator;
  server: EmulatorServer;
  /** Sends a request to `path` under `/scim/v{version}/` (or an absolute path starting with `/`). */
  call(
    version: 1 | 2,
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
    // biome-ignore lint/suspicious/noExplicitAny: tests read response bodies loosely, like JSON pasted from Slack.
  ): Promise<{ status: number; headers: Headers; text: string; json: any }>;
}

const open: (() => Promise<void>)[] = [];

afterEach(async () => {
  while (open.length > 0) await open.pop()?.();
});

/** Starts an emulator on 127.0.0.1:0; it is closed after the current test. */
export async function start(options: EmulatorOptions = {}): Promise<TestServer> {
  const emulator = createEmulator(options);
  const server = await emulator.listen();
  open.push(async () => {
    await server.close();
    emulator.close();
  });
  return {
    emulator,
    server,
    async call(version, method, path, body, headers = {}) {
      const url = path.startsWith("/") ? `${server.url}${path}` : `${server.url}/scim/v${version}/${path}`;
      const res = await fetch(url, {
        method,
        headers: {
          authorization: `Bearer ${emulator.adminToken}`,
          ...(body === undefined ? {} : { "content-type": "application/json" }),
          ...headers,
        },
        ...(body === undefined ? {} : { body: typeof body === "string" ? body : JSON.stringify(body) }),
      });
      const text = await res.text();
      let json: unknown;
      try {
        json = text === "" ? undefined : JSON.parse(text);
      } catch {
        json = undefined;
      }
      return { status: res.status, headers: res.headers, text, json };
    },
  };
}

/** A deterministic id generator: W0000000001, W0000000002, … and S0000000001, … */
export function sequentialIds(): (kind: "user" | "group") => string {
  let users = 0;
  let groups = 0;
  return (kind) =>
    kind === "user" ? `W${String(++users).padStart(10, "0")}` : `S${String(++groups).padStart(10, "0")}`;
}

/** A fixed clock: 2024-03-05T17:14:27Z (09:14:27-08:00 in Los Angeles). */
export const fixedNow = () => Date.UTC(2024, 2, 5, 17, 14, 27);

/** SCIM URNs used in bodies. */
export const urn = {
  core1: "urn:scim:schemas:core:1.0",
  ent1: "urn:scim:schemas:extension:enterprise:1.0",
  guest1: "urn:scim:schemas:extension:slack:guest:1.0",
  profile1: "urn:scim:schemas:extension:slack:profile:1.0",
  user2: "urn:ietf:params:scim:schemas:core:2.0:User",
  group2: "urn:ietf:params:scim:schemas:core:2.0:Group",
  ent2: "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
  guest2: "urn:ietf:params:scim:schemas:extension:slack:guest:2.0:User",
  profile2: "urn:ietf:params:scim:schemas:extension:slack:profile:2.0:User",
  patch: "urn:ietf:params:scim:api:messages:2.0:PatchOp",
  list2: "urn:ietf:params:scim:api:messages:2.0:ListResponse",
  error2: "urn:ietf:params:scim:api:messages:2.0:Error",
};

/** A minimal valid 1.1 user body. */
export function newUser1(userName: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { schemas: [urn.core1], userName, emails: [{ value: `${userName}@acme.example` }], ...extra };
}

/** A minimal valid 2.0 user body. */
export function newUser2(userName: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { schemas: [urn.user2], userName, emails: [{ value: `${userName}@acme.example` }], ...extra };
}

/** A SCIM 2.0 PatchOp body. */
export function ops(...Operations: unknown[]): { schemas: string[]; Operations: unknown[] } {
  return { schemas: [urn.patch], Operations };
}

/** Creates a user through `version` (a minimal body plus `extra`) and returns the rendered user. */
export async function createUser(
  t: TestServer,
  version: 1 | 2,
  userName: string,
  extra: Record<string, unknown> = {},
  // biome-ignore lint/suspicious/noExplicitAny: rendered users are read loosely, like JSON pasted from Slack.
): Promise<any> {
  const res = await t.call(version, "POST", "Users", (version === 1 ? newUser1 : newUser2)(userName, extra));
  if (res.status !== 201) throw new Error(`create ${userName}: ${res.status} ${res.text}`);
  return res.json;
}
