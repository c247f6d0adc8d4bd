import { SCIMClient } from "slack-scim";

const client = new SCIMClient(process.env.SLACK_ORG_ADMIN_USER_TOKEN, {
  baseUrl: process.env.SLACK_SCIM_BASE_URL,
});
const { user } = await client.createUser({ userName: "grace", emails: [{ value: "grace@example.com" }] });
const { users, totalResults } = await client.searchUsers({ count: 100, filter: 'userName eq "grace"' });
console.log(totalResults, users[0]?.id === user.id);
await client.deleteUser(user.id!); // deactivates: Slack never deletes users
