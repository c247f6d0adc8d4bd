import net from "node:net";
import { startEmulator } from "../dist/index.js";
const s = await startEmulator({ port: 0 });
const T = s.adminToken;
const h = { authorization: `Bearer ${T}`, "content-type": "application/json" };
const r = await fetch(`${s.v1BaseUrl}Users`, { method: "POST", headers: h, body: JSON.stringify({ schemas: ["urn:scim:schemas:core:1.0"], userName: "ada", emails: [{ value: "ada@x.example" }] }) });
const id = (await r.json()).id;
console.log("created", r.status, id);

// 1. client sends headers + partial body, then stalls
const sock = net.connect(s.port, "127.0.0.1");
const body = JSON.stringify({ schemas: ["urn:scim:schemas:core:1.0"], title: "x" });
sock.write(`PATCH /scim/v1/Users/${id} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${T}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body.slice(0, 5)}`);
await new Promise((r) => setTimeout(r, 200));
let p = await fetch(`${s.v1BaseUrl}Users/${id}`, { method: "PATCH", headers: h, body: body });
console.log("while stalled: PATCH", p.status, await p.text(), p.headers.get("retry-after"));
let g = await fetch(`${s.v1BaseUrl}Users/${id}`, { headers: h });
console.log("while stalled: GET", g.status);
// 2. client disconnects mid-body
sock.destroy();
await new Promise((r) => setTimeout(r, 200));
p = await fetch(`${s.v1BaseUrl}Users/${id}`, { method: "PATCH", headers: h, body: body });
console.log("after disconnect: PATCH", p.status);

// 3. disconnect with RST
const sock2 = net.connect(s.port, "127.0.0.1");
await new Promise((r) => sock2.on("connect", r));
sock2.write(`PUT /scim/v1/Users/${id} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${T}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"a`);
await new Promise((r) => setTimeout(r, 100));
sock2.resetAndDestroy();
await new Promise((r) => setTimeout(r, 200));
p = await fetch(`${s.v1BaseUrl}Users/${id}`, { method: "PATCH", headers: h, body: body });
console.log("after RST: PATCH", p.status);

// 4. chunked stalled body
const sock3 = net.connect(s.port, "127.0.0.1");
sock3.write(`PATCH /scim/v1/Users/${id} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${T}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n3\r\n{"s\r\n`);
await new Promise((r) => setTimeout(r, 200));
p = await fetch(`${s.v1BaseUrl}Users/${id}`, { method: "DELETE", headers: h });
console.log("chunked stalled: DELETE", p.status, await p.text());
sock3.destroy();
await s.close();
