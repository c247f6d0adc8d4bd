import net from "node:net";
import { startEmulator } from "../dist/index.js";
const s = await startEmulator({ port: 0 });
const T = s.adminToken;
async function pair(first, label) {
  const sock = net.connect(s.port, "127.0.0.1");
  let out = "";
  let closed = false;
  sock.on("data", (d) => (out += d));
  sock.on("close", () => (closed = true));
  sock.on("error", () => {});
  sock.write(first);
  sock.write(`GET /scim/v1/ServiceProviderConfigs HTTP/1.1\r\nHost: x\r\n\r\n`);
  await new Promise((r) => setTimeout(r, 1500));
  console.log(label.padEnd(40), out.split("\r\n").filter((l) => l.startsWith("HTTP/")), closed ? "closed" : "open");
  sock.destroy();
}
const mk = (method, path, body, auth = true) =>
  `${method} ${path} HTTP/1.1\r\nHost: x\r\n${auth ? `Authorization: Bearer ${T}\r\n` : ""}Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
for (const size of [10, 20000, 200000]) {
  const body = JSON.stringify({ pad: "x".repeat(size) });
  await pair(mk("PATCH", "/scim/v1/Users/W123", body, false), `401 PATCH body ${size}`);
  await pair(mk("PATCH", "/scim/v1/Users/W123", body), `404 PATCH body ${size}`);
  await pair(mk("POST", "/scim/v1/Nope", body), `404 POST /Nope body ${size}`);
  await pair(mk("PATCH", "/scim/v1/Users/bad", body), `400 bad id PATCH ${size}`);
}
await s.close();
