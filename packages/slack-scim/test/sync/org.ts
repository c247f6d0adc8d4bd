import type { StartedEmulator } from "slack-scim-emulator";
import { type SCIM2Client, SCIM2Schemas, type SCIMClient, type User } from "../../src/index.js";

/** A small org for sync tests, created through the client: who is who is in the comments. */
export const people: User[] = [
  // Matched by externalId, though Slack knows her under another name: renamed, and her title changes.
  person("ada.old", "ada@acme.example", {
    externalId: "hr-1",
    title: "Analyst",
    given: "Ada",
    family: "Lovelace",
  }),
  // Unchanged.
  person("grace", "grace@acme.example", {
    title: "Admiral",
    given: "Grace",
    family: "Hopper",
    department: "Navy",
  }),
  // Deactivated in Slack, active in the file: reactivated.
  person("cal", "cal@acme.example", { title: "CTO", given: "Cal", family: "Henderson" }),
  // Not in the file, inside the scope: deactivated with deactivateMissing.
  person("dan", "dan@acme.example", { title: "Intern", given: "Dan", family: "Brown" }),
  // Not in the file, protected.
  person("it-bot", "it-bot@acme.example", { given: "IT", family: "Bot" }),
  // Not in the file, outside the scope (another domain).
  person("eve", "eve@partner.example", { given: "Eve", family: "Partner" }),
  // In the file with active: false.
  person("fay", "fay@acme.example", { given: "Fay", family: "Leaver" }),
];

function person(
  userName: string,
  email: string,
  o: { externalId?: string; title?: string; given: string; family: string; department?: string },
): User {
  const user: User = {
    userName,
    emails: [{ value: email, primary: true }],
    name: { givenName: o.given, familyName: o.family },
  };
  if (o.title) user.title = o.title;
  if (o.externalId) user.externalId = o.externalId;
  if (o.department) user[SCIM2Schemas.Enterprise] = { department: o.department };
  return user;
}

/** The CSV the tests read against {@link people}. */
export const peopleCSV = [
  "userName,email,givenName,familyName,title,department,manager,externalId,active,groups",
  "ada,ada@acme.example,Ada,Lovelace,Principal Analyst,,grace,hr-1,,Engineering;Analytics",
  "grace,grace@acme.example,Grace,Hopper,Admiral,Navy,,,,Engineering",
  "cal,cal@acme.example,Cal,Henderson,CTO,,,,,",
  "fay,fay@acme.example,Fay,Leaver,,,,,false,",
  "hal,hal@acme.example,Hal,Newhire,Engineer,Engines,ada,hr-9,,Engineering",
  "ivy,ivy@acme.example,Ivy,Newhire,Engineer,Engines,hal,,,Analytics",
].join("\n");

/** Creates {@link people} and two groups; deactivates cal. Returns userName → id. */
export async function seedOrg(client: SCIMClient | SCIM2Client): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  for (const user of people) {
    const { user: created } = await client.createUser(user);
    ids.set(user.userName as string, created.id as string);
  }
  await client.deleteUser(ids.get("cal") as string);
  const member = (name: string) => ({ value: ids.get(name) as string });
  await client.createGroup({ displayName: "Engineering", members: [member("ada.old"), member("dan")] });
  await client.createGroup({ displayName: "Old", members: [member("grace")] });
  return ids;
}

/** A fresh org: the emulator reset (empty), then {@link seedOrg}. */
export async function freshOrg(emulator: StartedEmulator, client: SCIMClient | SCIM2Client) {
  emulator.reset();
  return seedOrg(client);
}
