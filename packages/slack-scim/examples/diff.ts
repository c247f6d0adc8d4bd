import { SCIMClient } from "slack-scim";
import { type DesiredUser, diffUser } from "slack-scim/patch";

const client = new SCIMClient(process.env.SLACK_ORG_ADMIN_USER_TOKEN, {
  baseUrl: process.env.SLACK_SCIM_BASE_URL,
});
// A new name each run: Slack never frees a userName or an email, not even a deactivated user's.
const userName = `edsger.${Date.now().toString(36)}`;
const { user: current } = await client.createUser({
  userName,
  title: "Professor",
  displayName: "EWD",
  emails: [{ value: `${userName}@example.com`, primary: true }],
});

// What your identity provider says the user should look like. Attributes it leaves out are not touched
// (a PUT would blank them); null clears one on purpose.
const desired: DesiredUser = { ...current, title: "Professor Emeritus", displayName: null };
const operations = diffUser(current, desired);
console.log(JSON.stringify(operations));
// The same operations work on both versions: SCIMClient turns them into a 1.1 partial resource.
const { user } = await client.patchUser(current.id!, operations);
console.log(user.title, JSON.stringify(user.displayName));
console.log(diffUser(user, desired).length); // 0: nothing left to change
