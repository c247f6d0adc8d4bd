import { createEmulator } from "../dist/index.js";
const e = createEmulator({});
const h = { authorization: `Bearer ${e.adminToken}`, "content-type": "application/json" };
const base = "http://scim.test/scim/v1/";
let r = await e.fetch(new Request(`${base}Users`, { method: "POST", headers: h, body: JSON.stringify({ schemas: ["urn:scim:schemas:core:1.0"], userName: "ada", emails: [{ value: "ada@x.example" }] }) }));
const id = (await r.json()).id;
const ac = new AbortController();
const stream = new ReadableStream({ start(c) { c.enqueue(new TextEncoder().encode('{"schem')); } }); // never closes
const pending = e.fetch(new Request(`${base}Users/${id}`, { method: "PATCH", headers: h, body: stream, duplex: "half", signal: ac.signal }));
pending.then((x) => console.log("pending settled", x.status), (err) => console.log("pending rejected", err.name));
await new Promise((r) => setTimeout(r, 50));
ac.abort();
await new Promise((r) => setTimeout(r, 50));
r = await e.fetch(new Request(`${base}Users/${id}`, { method: "PATCH", headers: h, body: JSON.stringify({ schemas: ["urn:scim:schemas:core:1.0"], title: "t" }) }));
console.log("after abort", r.status, await r.text());
e.reset();
r = await e.fetch(new Request(`${base}Users`, { method: "POST", headers: h, body: JSON.stringify({ schemas: ["urn:scim:schemas:core:1.0"], userName: "ada", emails: [{ value: "ada@x.example" }] }) }));
console.log("after reset create", r.status);
process.exit(0);
