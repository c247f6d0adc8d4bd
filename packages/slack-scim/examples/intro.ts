import { SCIMClient, scimFilter } from "slack-scim";

const client = new SCIMClient(process.env.SLACK_ORG_ADMIN_USER_TOKEN, {
  baseUrl: process.env.SLACK_SCIM_BASE_URL,
});
// A new name each run: Slack never frees a userName or an email, not even a deactivated user's.
const userName = `grace.${Date.now().toString(36)}`;
const { user } = await client.createUser({ userName, emails: [{ value: `${userName}@example.com` }] });
const { users, totalResults } = await client.searchUsers({ filter: scimFilter`userName eq ${userName}` });
console.log(totalResults, users[0]?.id === user.id);
await client.deleteUser(user.id!); // deactivates: Slack never deletes users
