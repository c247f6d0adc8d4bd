import { type Group, SCIM2Client, SCIMClient, type User } from "slack-scim";
import { removeMember, replace, scimStringLiteral } from "slack-scim/patch";
import { startEmulator } from "../emulator.js";

/** Where the demo writes its lines. */
export interface DemoIO {
  /** Writes one line (without the newline). */
  write(line: string): void;
}

/** What the demo did, for its caller (and its test). */
export interface DemoResult {
  /** Users in the org at the end, as read through SCIM 2.0. */
  users: User[];
  /** Groups in the org at the end. */
  groups: Group[];
}

interface Person {
  userName: string;
  givenName: string;
  familyName: string;
  title: string;
}

const cast: Record<"v1" | "v2", Person[]> = {
  v1: [
    { userName: "ada.lovelace", givenName: "Ada", familyName: "Lovelace", title: "Analyst" },
    { userName: "grace.hopper", givenName: "Grace", familyName: "Hopper", title: "Rear Admiral" },
    { userName: "alan.turing", givenName: "Alan", familyName: "Turing", title: "Cryptanalyst" },
  ],
  v2: [
    { userName: "katherine.j", givenName: "Katherine", familyName: "Johnson", title: "Mathematician" },
    { userName: "edsger.d", givenName: "Edsger", familyName: "Dijkstra", title: "Professor" },
    { userName: "barbara.l", givenName: "Barbara", familyName: "Liskov", title: "Institute Professor" },
  ],
};

function newUser(person: Person): User {
  return {
    userName: person.userName,
    name: { givenName: person.givenName, familyName: person.familyName },
    title: person.title,
    emails: [{ value: `${person.userName}@example.com`, primary: true }],
  };
}

/** Runs `step`, then writes `✓ <line> (N ms)` with the line the step returns. */
async function step(io: DemoIO, run: () => Promise<string>): Promise<void> {
  const started = performance.now();
  const line = await run();
  io.write(`  ✓ ${line} (${Math.round(performance.now() - started)} ms)`);
}

/** The round trip both versions run; `version` picks the PATCH shapes each one speaks. */
async function roundTrip(io: DemoIO, client: SCIMClient | SCIM2Client, version: "v1" | "v2"): Promise<void> {
  const people = cast[version];
  const ids = new Map<string, string>();
  await step(io, async () => {
    for (const person of people) {
      const { user } = await client.createUser(newUser(person));
      ids.set(person.userName, user.id as string);
    }
    return `created ${people.length} users: ${people.map((p) => `${p.userName} (${ids.get(p.userName)})`).join(", ")}`;
  });
  const [first, second, third] = people as [Person, Person, Person];
  const idOf = (person: Person) => ids.get(person.userName) as string;

  await step(io, async () => {
    const filter = `userName eq ${scimStringLiteral(second.userName)}`;
    const { users, totalResults } = await client.searchUsers({ filter });
    return `searched filter=${filter}: ${totalResults} match, ${users[0]?.id}`;
  });

  await step(io, async () => {
    const title = `Principal ${first.title}`;
    const { user } =
      client instanceof SCIMClient
        ? await client.patchUser(idOf(first), { title })
        : await (client as SCIM2Client).patchUser(idOf(first), [replace("title", title)]);
    return `patched ${first.userName}: title "${first.title}" → "${user.title}"`;
  });

  await step(io, async () => {
    const { user: current } = await client.readUser(idOf(second));
    const { user } = await client.updateUser({
      schemas: current.schemas as string[],
      id: current.id as string,
      userName: current.userName as string,
      emails: current.emails ?? [],
      name: { givenName: second.givenName, familyName: second.familyName },
      displayName: `Amazing ${second.givenName}`,
      active: true,
    });
    return `replaced ${second.userName} (PUT): displayName "${user.displayName}", title cleared to "${user.title ?? ""}"`;
  });

  const groupName = version === "v1" ? "pioneers" : "verifiers";
  let groupId = "";
  await step(io, async () => {
    const { group } = await client.createGroup({
      displayName: groupName,
      members: people.map((person) => ({ value: idOf(person) })),
    });
    groupId = group.id as string;
    return `created group "${groupName}" (${groupId}) with ${group.members?.length ?? 0} members`;
  });

  await step(io, async () => {
    if (client instanceof SCIMClient) {
      await client.patchGroup(groupId, { members: [{ value: idOf(third), operation: "delete" }] });
    } else {
      await (client as SCIM2Client).patchGroup(groupId, [removeMember(idOf(third))]);
    }
    const { group } = await client.readGroup(groupId);
    return `removed ${third.userName} from "${groupName}": ${group.members?.length ?? 0} members left`;
  });

  await step(io, async () => {
    const res = await client.deleteUser(idOf(third));
    const { user } = await client.readUser(idOf(third));
    return `deactivated ${third.userName}: DELETE answered ${res.statusCode}, active is now ${user.active}`;
  });

  await step(io, async () => {
    const users = await client.searchUsers({ count: 100 });
    const groups = await client.searchGroups({ count: 100 });
    return `listed ${plural(users.totalResults, "user")} and ${plural(groups.totalResults, "group")}`;
  });
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}

function pad(cells: string[], widths: number[]): string {
  return cells.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join("  ");
}

function table(io: DemoIO, users: User[], groups: Group[]): void {
  const groupsOf = (id: string) =>
    groups
      .filter((group) => group.members?.some((member) => member.value === id))
      .map((group) => group.displayName)
      .join(", ");
  const rows = users.map((user) => [
    user.userName ?? "",
    user.id ?? "",
    user.active ? "active" : "deactivated",
    user.title ?? "",
    groupsOf(user.id ?? ""),
  ]);
  const header = ["userName", "id", "status", "title", "groups"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? "").length)));
  io.write(pad(header, widths).trimEnd());
  io.write(widths.map((w) => "-".repeat(w)).join("  "));
  for (const row of rows) io.write(pad(row, widths).trimEnd());
}

/**
 * The demo behind `npm run demo`: starts an emulator in process on a free port, runs a provisioning round trip
 * with `SCIMClient` (1.1) and then with `SCIM2Client` (2.0) over the same org, prints one line per step and a
 * summary table, and stops the emulator.
 */
export async function runDemo(io: DemoIO): Promise<DemoResult> {
  const emulator = await startEmulator({ port: 0 });
  try {
    io.write(
      `slack-scim demo: a Slack SCIM emulator at ${emulator.url} (one org behind /scim/v1 and /scim/v2)`,
    );
    const quiet = { logLevel: "warn" as const };
    io.write("");
    io.write(`SCIM 1.1 with SCIMClient (${emulator.v1BaseUrl})`);
    await roundTrip(io, new SCIMClient(emulator.adminToken, { baseUrl: emulator.v1BaseUrl, ...quiet }), "v1");
    io.write("");
    io.write(`SCIM 2.0 with SCIM2Client (${emulator.v2BaseUrl})`);
    const v2 = new SCIM2Client(emulator.adminToken, { baseUrl: emulator.v2BaseUrl, ...quiet });
    await roundTrip(io, v2, "v2");
    const { users } = await v2.searchUsers({ count: 100 });
    const { groups } = await v2.searchGroups({ count: 100 });
    io.write("");
    io.write("The org at the end, read through SCIM 2.0 (users made through 1.1 included):");
    io.write("");
    table(io, users, groups);
    return { users, groups };
  } finally {
    await emulator.close();
  }
}
