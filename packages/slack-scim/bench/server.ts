/**
 * The benchmark's loopback server, run as a child process so it does not share the client's event loop.
 * Serves a 1.2 KB user at /scim/vN/Users/{id} and a 1,000-user page (≈1.2 MB) at /scim/vN/Users.
 */
import { createServer } from "node:http";

function user(i: number): Record<string, unknown> {
  const id = `W${String(i).padStart(10, "0")}`;
  return {
    schemas: ["urn:scim:schemas:core:1.0", "urn:scim:schemas:extension:enterprise:1.0"],
    id,
    externalId: "",
    meta: { created: "2024-03-05T09:14:27-08:00", location: `https://api.slack.com/scim/v1/Users/${id}` },
    userName: `user.${i}`,
    nickName: `user.${i}`,
    name: { givenName: "Ada", familyName: "Lovelace", honorificPrefix: null },
    displayName: `Ada L ${i}`,
    profileUrl: `https://acme.enterprise.slack.com/team/user.${i}`,
    title: "Analyst",
    timezone: "Europe/London",
    active: true,
    emails: [
      { value: `user.${i}@acme.example`, primary: true },
      { value: `user.${i}.home@mail.example`, primary: false },
    ],
    photos: [{ value: "https://avatars.slack-edge.example/ada_192.png", type: "photo" }],
    addresses: [
      {
        streetAddress: "12 Square Rd",
        locality: "London",
        region: null,
        postalCode: "SW1Y 4JH",
        country: "GB",
      },
    ],
    phoneNumbers: [
      { value: "+44 20 7946 0001", type: "mobile" },
      { value: "+44 20 7946 0000", primary: true },
    ],
    userType: "Employee",
    roles: [{ value: "Engineer", primary: true }],
    preferredLanguage: "en_GB",
    locale: "en-GB",
    "urn:scim:schemas:extension:enterprise:1.0": {
      employeeNumber: String(i),
      costCenter: "RD-01",
      organization: "Acme",
      division: "Analytics",
      department: "Engines",
      manager: { managerId: "W0987ZYXWVU" },
    },
    groups: [{ value: "S0456GHIJKL", display: "analytics" }],
  };
}

const one = Buffer.from(JSON.stringify(user(1)));
const page = Buffer.from(
  JSON.stringify({
    totalResults: 1000,
    itemsPerPage: 1000,
    startIndex: 1,
    schemas: ["urn:scim:schemas:core:1.0"],
    Resources: Array.from({ length: 1000 }, (_, i) => user(i)),
  }),
);

const server = createServer((req, res) => {
  const body = req.url?.includes("/Users/") ? one : page;
  res.writeHead(200, { "content-type": "application/json; charset=utf-8", "content-length": body.length });
  res.end(body);
});
server.keepAliveTimeout = 60_000;
server.listen(0, "127.0.0.1", () => {
  const address = server.address() as { port: number };
  process.send?.({ port: address.port, userBytes: one.length, pageBytes: page.length });
});
process.on("disconnect", () => process.exit(0));
