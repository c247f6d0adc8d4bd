import { startEmulator } from "../dist/index.js";
const s = await startEmulator({ port: 0, seed: { users: 50, groups: 3, random: 1 } });
const h = { authorization: `Bearer ${s.adminToken}`, "content-type": "application/json" };
const u0 = s.store.users()[3];
const g0 = s.store.groups()[0];
await fetch(`${s.v2BaseUrl}Groups`, { method: "POST", headers: h, body: JSON.stringify({ schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group"], displayName: "Team A (eng)" }) });
const filters = process.argv.slice(2).length ? process.argv.slice(2) : [
  `userName eq "${u0.userName}"`,
  `userName eq "a b"`,
  `(userName eq "${u0.userName}")`,
  `((userName eq "${u0.userName}"))`,
  `restricted eq 1`, `restricted eq '1'`, `restricted eq "1"`, `restricted eq true`, `ultra_restricted eq 1`,
  `userName Eq "${u0.userName.toUpperCase()}"`, `USERNAME EQ "${u0.userName}"`,
  `userName eq "${u0.userName}" or email eq "${u0.primaryEmail}"`,
  `userName eq "${u0.userName}" and (email eq "${u0.primaryEmail}" or email eq "zz")`,
  `(userName eq "a") or (userName eq "${u0.userName}")`,
  `userName eq "a\\"b"`, `userName eq 'a"b'`, `userName eq 'a\\b'`, `userName eq "a)b"`, `userName eq "a(b"`,
  `userName eq ""`, `userName pr`, `userName sw "a"`, `email co "@"`, `userName eq ada`,
  `userName eq "x"  `, ` userName eq "x"`, `userName  eq "x"`, `userName eq"x"`,
  `not (userName eq "x")`, `userName ne "x"`, `emails[type eq "work"]`, `emails.value eq "x"`, `email eq "${u0.primaryEmail.toUpperCase()}"`,
  `userName gt "m"`, `foo`, `userName eq`, `userName eq "x" and`, `(userName eq "x"`, `userName eq "x")`,
  `userName eq "x" AND email eq "y"`, `userName eq "ab" or(userName eq "c")`,
  `userName eq "x"\tor email eq "y"`, `userName eq "x" or  email eq "y"`,
];
for (const f of filters) {
  const r = await fetch(`${s.v1BaseUrl}Users?filter=${encodeURIComponent(f)}`, { headers: h });
  const b = await r.json();
  console.log(JSON.stringify(f).padEnd(70), r.status, r.status === 200 ? `total=${b.totalResults}` : JSON.stringify(b));
}
for (const f of [`displayName eq "Team A (eng)"`, `displayName eq "${g0.displayName}"`, `displayName co "eng"`, `(displayName eq "Team A (eng)")`, `id eq "${g0.id}"`, `members.value eq "W1"`]) {
  const r = await fetch(`${s.v2BaseUrl}Groups?filter=${encodeURIComponent(f)}`, { headers: h });
  const b = await r.json();
  console.log("G", JSON.stringify(f).padEnd(68), r.status, r.status === 200 ? `total=${b.totalResults}` : JSON.stringify(b));
}
await s.close();
