/**
 * The org-scale benchmark's loopback server, in its own process: `GET /n/{N}/scim/v1/Users?startIndex&count`
 * pages an org of N generated users (about 1.1 KB each) as SCIM says.
 */
import { createServer } from "node:http";

function user(i: number): Record<string, unknown> {
  const id = `W${String(i).padStart(10, "0")}`;
  return {
    schemas: ["urn:scim:schemas:core:1.0"],
    id,
    externalId: "",
    meta: { created: "2024-03-05T09:14:27-08:00", location: `https://api.slack.com/scim/v1/Users/${id}` },
    userName: `user.${i}`,
    nickName: `user.${i}`,
    name: { givenName: "Ada", familyName: "Lovelace" },
    displayName: `Ada L ${i}`,
    title: "Analyst",
    timezone: "Europe/London",
    active: true,
    emails: [{ value: `user.${i}@acme.example`, primary: true }],
    photos: [{ value: "https://avatars.slack-edge.example/ada_192.png", type: "photo" }],
    userType: "Employee",
    locale: "en-GB",
    groups: [{ value: "S0456GHIJKL", display: "analytics" }],
  };
}

const route = /^\/n\/(\d+)\/scim\/v1\/Users\?(.*)$/;

const server = createServer((req, res) => {
  const m = route.exec(req.url ?? "");
  if (!m) {
    res.writeHead(404).end();
    return;
  }
  const total = Number(m[1]);
  const q = new URLSearchParams(m[2]);
  const start = Number(q.get("startIndex") ?? "1");
  const count = Math.min(Number(q.get("count") ?? "10"), 1000);
  const resources = [];
  for (let i = start; i < start + count && i <= total; i += 1) resources.push(user(i));
  const body = Buffer.from(
    JSON.stringify({
      totalResults: total,
      itemsPerPage: resources.length,
      startIndex: start,
      schemas: ["urn:scim:schemas:core:1.0"],
      Resources: resources,
    }),
  );
  res.writeHead(200, { "content-type": "application/json; charset=utf-8", "content-length": body.length });
  res.end(body);
});
server.keepAliveTimeout = 60_000;
server.listen(0, "127.0.0.1", () => {
  process.send?.({ port: (server.address() as { port: number }).port });
});
process.on("disconnect", () => process.exit(0));
