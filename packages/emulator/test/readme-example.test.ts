import { SCIM2Client, scimFilter } from "slack-scim";
import { afterEach, beforeEach, expect, it } from "vitest";
import { type StartedEmulator, startEmulator } from "../src/index.js";

/** The README's "In your own tests (Vitest)" example, code for code (only the import path differs). */

// Your own code under test: creates the joiners and deactivates the leavers HR lists.
async function myProvisioningJob(scim: SCIM2Client, hr: { joiners: string[]; leavers: string[] }) {
  for (const userName of hr.joiners) {
    await scim.createUser({ userName, emails: [{ value: `${userName}@acme.example` }] });
  }
  for (const userName of hr.leavers) {
    for await (const user of scim.iterateUsers({ filter: scimFilter`userName eq ${userName}` })) {
      if (user.id) await scim.deleteUser(user.id);
    }
  }
}

let slack: StartedEmulator;
beforeEach(async () => {
  slack = await startEmulator({ seed: { users: 20, groups: 2, random: 1 } });
});
afterEach(() => slack.close());

it("deactivates leavers", async () => {
  const scim = new SCIM2Client(slack.adminToken, { baseUrl: slack.v2BaseUrl });
  await scim.createUser({ userName: "leaver", emails: [{ value: "leaver@acme.example" }] });
  await myProvisioningJob(scim, { joiners: [], leavers: ["leaver"] });
  expect(slack.store.findUserByUserName("leaver")?.active).toBe(false);
});

it("survives a 429", async () => {
  slack.faults.push({ match: "POST /Users", status: 429, retryAfter: 0, times: 1 });
  const scim = new SCIM2Client(slack.adminToken, { baseUrl: slack.v2BaseUrl });
  await myProvisioningJob(scim, { joiners: ["joiner"], leavers: [] });
  expect(slack.faults).toHaveLength(0); // the 429 was answered, and retried
  expect(slack.store.findUserByUserName("joiner")?.active).toBe(true);
});
