import { SCIM2Client, SCIM2Schemas } from "slack-scim";
import { addMembers, removeMember, replace, replacePrimaryEmail } from "slack-scim/patch";

const client = new SCIM2Client(process.env.SLACK_ORG_ADMIN_USER_TOKEN, {
  baseUrl: process.env.SLACK_SCIM_BASE_URL,
});

// A new name each run: Slack never frees a userName or an email, not even a deactivated user's.
const run = Date.now().toString(36);
const { user } = await client.createUser({
  userName: `katherine.${run}`,
  name: { givenName: "Katherine", familyName: "Johnson" },
  emails: [{ value: `katherine.${run}@example.com`, primary: true }],
  [SCIM2Schemas.Enterprise]: { department: "Flight Research" },
});
const id = user.id!;

// RFC 7644 operations, built with checked paths and escaped values.
const { user: patched } = await client.patchUser(id, [
  replace("title", "Mathematician"),
  replacePrimaryEmail(`kjohnson.${run}@example.com`),
  replace(`${SCIM2Schemas.Enterprise}:department`, "Analysis and Computation"),
]);
console.log(patched.title, patched.emails?.[0]?.value);

const { group } = await client.createGroup({ displayName: `computers ${run}`, members: [{ value: id }] });
await client.patchGroup(group.id!, [removeMember(id)]);
const { group: after } = await client.patchGroup(group.id!, [addMembers([id])]);
console.log(after?.members?.length); // 2.0 answers with the group
await client.deleteGroup(group.id!); // groups, unlike users, can be removed for good

console.log((await client.getResourceTypes()).resourceTypes.map((type) => type.name).join(", "));
