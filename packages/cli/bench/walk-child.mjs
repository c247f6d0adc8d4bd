// The reference: the client's own iterateUsers walk over the org, in a process of its own like the CLI's.
import { SCIM2Client } from "slack-scim";

const client = new SCIM2Client(process.env.SLACK_SCIM_TOKEN, { baseUrl: process.env.SLACK_SCIM_BASE_URL });
let count = 0;
for await (const user of client.iterateUsers({ pageSize: 1000 })) if (user.id) count += 1;
await client.close();
process.stdout.write(`${count}\n`);
