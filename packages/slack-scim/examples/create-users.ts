import { SCIM2Client, SCIMHTTPError, type User } from "slack-scim";

const client = new SCIM2Client(process.env.SLACK_ORG_ADMIN_USER_TOKEN, {
  baseUrl: process.env.SLACK_SCIM_BASE_URL,
  rateLimit: "slack", // POST /Users: 180 a minute with a burst of 20; writes: 600 a minute, org-wide
  maxRequestConcurrency: 10,
});

// Your people, e.g. from an HR export: here 1,000 generated ones (PEOPLE=n for fewer).
const people: User[] = Array.from({ length: Number(process.env.PEOPLE ?? 1000) }, (_, i) => ({
  userName: `new.hire.${i}`,
  name: { givenName: "New", familyName: `Hire ${i}` },
  emails: [{ value: `new.hire.${i}@example.com`, primary: true }],
}));

// createUser never creates a user twice: an unknown outcome (reset or timeout after sending, 5xx) is settled
// by looking the user up before anything is sent again.
const results = await Promise.allSettled(
  people.map(async (person) => {
    try {
      const { user, recovered } = await client.createUser(person);
      return { userName: person.userName, id: user.id, recovered };
    } catch (error) {
      // 409: the name or email is taken; `existing` is that user when the lookup found it.
      if (error instanceof SCIMHTTPError && error.statusCode === 409) {
        const existing = error.existing as User | undefined;
        return { userName: person.userName, id: existing?.id, conflict: error.errorCode };
      }
      throw error;
    }
  }),
);
const created = results.filter((r) => r.status === "fulfilled" && r.value.id !== undefined);
for (const r of results) if (r.status === "rejected") console.error(r.reason);
console.log(`${created.length} of ${people.length} users in place`);

// Slack can report a deactivated user as active for a few seconds: wait until a read agrees.
const first = results[0];
if (first?.status === "fulfilled" && first.value.id) {
  await client.deleteUser(first.value.id);
  const user = await client.waitForUser(first.value.id, (u) => u.active === false, { timeout: 30_000 });
  console.log(`${user.userName} deactivated`);
}
