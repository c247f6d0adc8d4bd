import { request } from "node:http";
import { connect } from "node:net";
import { describe, expect, it } from "vitest";
import { start } from "./helpers/server.js";

/** A body past the 10 MiB limit is refused as soon as it passes the limit, and never held. */

const MiB = 1024 * 1024;

interface Streamed {
  /** Everything the server wrote. */
  text: string;
  /** Body bytes the client had handed to its socket when the server ended or closed the connection. */
  sent: number;
  /** Whether the server ended the connection with a FIN (rather than a reset). */
  ended: boolean;
  /** Largest growth of `arrayBuffers` seen while the body streamed. */
  peak: number;
}

/**
 * POSTs up to `total` bytes to `/scim/v2/Users` on a raw socket, chunked, in 1 MiB chunks (one reused buffer),
 * until done or until the server ends or closes the connection.
 */
function streamChunked(url: string, headers: string, total: number): Promise<Streamed> {
  const { hostname, port } = new URL(url);
  const base = process.memoryUsage().arrayBuffers;
  let peak = 0;
  const sample = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().arrayBuffers - base);
  }, 2);
  const chunk = Buffer.concat([Buffer.from("100000\r\n"), Buffer.alloc(MiB, 0x20), Buffer.from("\r\n")]);
  return new Promise((resolve) => {
    let text = "";
    let sent = 0;
    let open = true;
    const socket = connect(Number(port), hostname, () => {
      socket.write(
        `POST /scim/v2/Users HTTP/1.1\r\nHost: x\r\n${headers}Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n`,
      );
      const pump = () => {
        while (open && sent < total) {
          sent += MiB;
          if (!socket.write(chunk)) return void socket.once("drain", pump);
        }
      };
      pump();
    });
    const done = (ended: boolean) => {
      if (!open) return;
      open = false;
      clearInterval(sample);
      socket.destroy();
      resolve({ text, sent, ended, peak });
    };
    socket.on("data", (data: Buffer) => {
      text += data.toString();
    });
    socket.on("error", () => {});
    socket.on("end", () => done(true));
    socket.on("close", () => done(false));
  });
}

describe("request body limit", () => {
  it("answers 413 as soon as a chunked body passes 10 MiB, stops reading, closes, and holds no memory", async () => {
    const { server, emulator } = await start();
    const res = await streamChunked(
      server.url,
      `Authorization: Bearer ${emulator.adminToken}\r\n`,
      200 * MiB,
    );
    expect(res.text).toMatch(/^HTTP\/1\.1 413 Payload Too Large\r\n/);
    expect(res.text).toMatch(/\r\nconnection: close\r\n/i);
    expect(JSON.parse(res.text.slice(res.text.indexOf("\r\n\r\n") + 4)).detail).toBe(
      "invalid_request_payload (the body is over 10485760 bytes; the emulator reads at most 10485760)",
    );
    // The answer is followed by a FIN (a reset could destroy the answer before the client reads it).
    expect(res.ended).toBe(true);
    // The client could hand over at most what the socket buffers held once the server stopped reading.
    expect(res.sent).toBeLessThan(48 * MiB);
    // Read to the end, the 200 MiB body was held (about 200 MiB of array buffers); now at most the 10 MiB read.
    expect(res.peak).toBeLessThan(32 * MiB);
    // The emulator is fine afterwards.
    const auth = { authorization: `Bearer ${emulator.adminToken}` };
    expect((await fetch(`${server.v2BaseUrl}Users`, { headers: auth })).status).toBe(200);
  });

  it("refuses a Content-Length over 10 MiB at once, reading none of it", async () => {
    const { server, emulator } = await start();
    const res = await new Promise<{ status?: number; text: string }>((resolve) => {
      const req = request(`${server.v2BaseUrl}Users`, {
        method: "POST",
        agent: false,
        headers: { authorization: `Bearer ${emulator.adminToken}`, "content-length": String(100 * MiB) },
      });
      // Only the headers are sent: the answer must come without the body.
      req.flushHeaders();
      req.on("response", (r) => {
        let text = "";
        r.setEncoding("utf8");
        r.on("data", (t: string) => {
          text += t;
        });
        r.on("end", () => {
          resolve({ ...(r.statusCode === undefined ? {} : { status: r.statusCode }), text });
          req.destroy();
        });
      });
      req.on("error", () => {});
    });
    expect(res.status).toBe(413);
    expect(JSON.parse(res.text).detail).toBe(
      `invalid_request_payload (the body is ${100 * MiB} bytes; the emulator reads at most 10485760)`,
    );
  });

  it("drains at most 10 MiB of a chunked body after an early answer (401), then closes the connection", async () => {
    const { server } = await start();
    const res = await streamChunked(server.url, "", 200 * MiB);
    expect(res.text).toMatch(/^HTTP\/1\.1 401 /);
    expect(res.sent).toBeLessThan(48 * MiB);
    expect(res.peak).toBeLessThan(32 * MiB);
  });
});
