import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { StartedEmulator } from "slack-scim-emulator";
import { SCIM2Client, SCIMClient, type SCIMClientOptions, type User } from "../../src/index.js";
import { type DesiredSyncUser, SyncInputError, type SyncInputIssue } from "../../src/sync/index.js";
import { instantHandlers, silentLogger } from "../helpers/clients.js";

/** A temporary directory, removed by the returned function. */
export function tempDir(): {
  dir: string;
  file: (name: string, text?: string) => string;
  remove: () => void;
} {
  const dir = mkdtempSync(join(tmpdir(), "slack-scim-sync-"));
  return {
    dir,
    file: (name, text) => {
      const path = join(dir, name);
      if (text !== undefined) writeFileSync(path, text);
      return path;
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** A SCIM 2.0 client on the emulator: instant retries, silent logger. */
export function v2Client(emulator: StartedEmulator, options: SCIMClientOptions = {}): SCIM2Client {
  return new SCIM2Client(emulator.adminToken, {
    baseUrl: emulator.v2BaseUrl,
    logger: silentLogger(),
    retryHandlers: instantHandlers(),
    ...options,
  });
}

/** A SCIM 1.1 client on the emulator: instant retries, silent logger. */
export function v1Client(emulator: StartedEmulator, options: SCIMClientOptions = {}): SCIMClient {
  return new SCIMClient(emulator.adminToken, {
    baseUrl: emulator.v1BaseUrl,
    logger: silentLogger(),
    retryHandlers: instantHandlers(),
    ...options,
  });
}

/** The issues a promise rejects with; fails when it resolves or rejects with something else. */
export async function issuesOf(promise: Promise<unknown>): Promise<SyncInputIssue[]> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof SyncInputError) return [...error.issues];
    throw error;
  }
  throw new Error("expected a SyncInputError");
}

/** Every user of the org by lower-cased userName (fails on a userName or email held twice). */
export async function readOrg(client: SCIMClient | SCIM2Client): Promise<Map<string, User>> {
  const byName = new Map<string, User>();
  const emails = new Set<string>();
  for await (const user of client.iterateUsers()) {
    const name = (user.userName ?? "").toLowerCase();
    if (byName.has(name)) throw new Error(`userName ${name} exists twice`);
    byName.set(name, user);
    for (const e of user.emails ?? []) {
      const address = (e.value ?? "").toLowerCase();
      if (address === "") continue;
      if (emails.has(address)) throw new Error(`email ${address} exists twice`);
      emails.add(address);
    }
  }
  return byName;
}

/** Group display name → sorted member userNames. */
export async function readGroups(client: SCIMClient | SCIM2Client, names: Map<string, string>) {
  const out = new Map<string, string[]>();
  for await (const group of client.iterateGroups()) {
    const members = (group.members ?? []).map((m) => names.get(m.value ?? "") ?? `?${m.value}`).sort();
    if (out.has(group.displayName ?? "")) throw new Error(`group ${group.displayName} exists twice`);
    out.set(group.displayName ?? "", members);
  }
  return out;
}

const enterprise = (u: User) =>
  (u["urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"] ??
    u["urn:scim:schemas:extension:enterprise:1.0"] ??
    {}) as Record<string, unknown>;

const blank = (v: unknown) => (v === undefined || v === null || v === "" ? null : v);

/**
 * The differences between the org and the records (empty when the org is what the records say): each record's
 * attributes, its manager, its active state, and the members of every group the records name.
 */
export async function differences(
  client: SCIMClient | SCIM2Client,
  records: readonly DesiredSyncUser[],
): Promise<string[]> {
  const org = await readOrg(client);
  const idToName = new Map([...org.values()].map((u) => [u.id ?? "", (u.userName ?? "").toLowerCase()]));
  const out: string[] = [];
  const check = (who: string, what: string, actual: unknown, expected: unknown) => {
    if (blank(actual) !== blank(expected)) {
      out.push(`${who}.${what}: ${JSON.stringify(actual)} ≠ ${JSON.stringify(expected)}`);
    }
  };
  const byRef = new Map<string, string>();
  for (const r of records) {
    byRef.set(r.userName.toLowerCase(), r.userName.toLowerCase());
    byRef.set(r.email.toLowerCase(), r.userName.toLowerCase());
  }
  for (const r of records) {
    const who = r.userName.toLowerCase();
    const user = org.get(who);
    if (!user) {
      if (r.active !== false) out.push(`${who} missing`);
      continue;
    }
    check(who, "active", user.active, r.active !== false);
    const primary = (user.emails ?? []).find((e) => e.primary)?.value ?? user.emails?.[0]?.value;
    check(who, "email", primary?.toLowerCase(), r.email.toLowerCase());
    if (r.active === false) continue;
    for (const a of ["givenName", "familyName"] as const) {
      if (r[a] !== undefined) check(who, a, user.name?.[a], r[a]);
    }
    for (const a of ["displayName", "title"] as const) if (r[a] !== undefined) check(who, a, user[a], r[a]);
    for (const a of ["department", "division", "organization", "costCenter", "employeeNumber"] as const) {
      if (r[a] !== undefined) check(who, a, enterprise(user)[a], r[a]);
    }
    if (r.phone !== undefined) {
      check(who, "phone", (user.phoneNumbers ?? []).find((p) => p.primary)?.value, r.phone);
    }
    if (r.manager !== undefined) {
      const managerId = (enterprise(user)["manager"] as { managerId?: string } | null)?.managerId;
      const expected =
        r.manager === null ? null : (byRef.get(r.manager.toLowerCase()) ?? r.manager.toLowerCase());
      const actual = managerId ? (idToName.get(managerId) ?? managerId) : null;
      check(who, "manager", actual, expected);
    }
  }
  const named = new Set(records.flatMap((r) => r.groups ?? []));
  if (named.size > 0) {
    const groups = await readGroups(client, idToName);
    for (const name of named) {
      const expected = records
        .filter((r) => r.active !== false && r.groups?.includes(name))
        .map((r) => r.userName.toLowerCase())
        .sort();
      const actual = groups.get(name);
      if (JSON.stringify(actual) !== JSON.stringify(expected)) {
        out.push(`group ${name}: ${JSON.stringify(actual)} ≠ ${JSON.stringify(expected)}`);
      }
    }
  }
  return out;
}
