import { SCIMClient, SCIMFilterError, scimFilter } from "slack-scim";

const client = new SCIMClient(process.env.SLACK_ORG_ADMIN_USER_TOKEN, {
  baseUrl: process.env.SLACK_SCIM_BASE_URL,
});

// Input from anywhere: quotes and backslashes cannot change the filter's shape.
const name = 'ada "the countess"';
const email = "ada@example.com";
const f = scimFilter`userName eq ${name} or email eq ${email}`;
console.log(String(f)); // userName eq "ada \"the countess\"" or email eq "ada@example.com"
const { totalResults } = await client.searchUsers({ filter: f, count: 100 });
console.log(totalResults);

// Checked before any request: the grammar, and the attributes and operators Slack filters on.
try {
  await client.searchUsers({ filter: 'title eq "Analyst"' });
} catch (error) {
  if (error instanceof SCIMFilterError) console.log(error.message.split("\n")[0]);
}
