import { SCIMClient } from "slack-scim";

// An org admin user token (xoxp-…) with the admin scope. SLACK_SCIM_BASE_URL points the client at an emulator;
// left unset, it talks to https://api.slack.com/scim/v1/.
const client = new SCIMClient(process.env.SLACK_ORG_ADMIN_USER_TOKEN, {
  baseUrl: process.env.SLACK_SCIM_BASE_URL,
});

const res = await client.searchUsers({ startIndex: 1, count: 100, filter: 'userName eq "Carly"' });
console.log(res.users.length, res.totalResults, res.itemsPerPage, res.startIndex);

const groups = await client.searchGroups({ startIndex: 1, count: 10 });
console.log(groups.groups.map((group) => group.displayName));

// A new name each run: Slack never frees a userName or an email, not even a deactivated user's.
const run = Date.now().toString(36);
const created = await client.createUser({
  userName: `cal.${run}`,
  name: { givenName: "C", familyName: "Henderson" },
  emails: [{ value: `cal.${run}@example.com` }],
});
console.log(created.statusCode); // 201
const patched = await client.patchUser(created.user.id!, { userName: `chenderson.${run}` });
const updated = await client.updateUser({
  ...patched.user,
  name: { givenName: "Cal", familyName: "Henderson" },
});
await client.deleteUser(updated.user.id!); // deactivates: Slack never deletes users
