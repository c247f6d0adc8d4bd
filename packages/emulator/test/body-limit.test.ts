import { request } from "node:http";
import { describe, expect, it } from "vitest";
import { start } from "./helpers/server.js";

/** A body past the 10 MiB limit is refused as soon as it passes the limit, and never held. */

const MiB = 1024 * 1024;

interface Streamed {
  status: number | undefined;
  headers: Record<string, unknown>;
  text: string;
  /** Body bytes the client had handed to its socket when the connection closed. */
  sent: number;
  /** Largest growth of `arrayBuffers` seen while the body streamed. */
  peak: number;
}

/** POSTs up to `total` bytes, chunked, one reused 1 MiB chunk at a time, until done or the connection closes. */
function streamBody(url: string, headers: Record<string, string>, total: number): Promise<Streamed> {
  const base = process.memoryUsage().arrayBuffers;
  let peak = 0;
  const sample = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().arrayBuffers - base);
  }, 2);
  const chunk = Buffer.alloc(MiB, 0x20);
  return new Promise((resolve) => {
    const req = request(url, {
      method: "POST",
      agent: false,
      headers: { ...headers, "content-type": "application/json", "transfer-encoding": "chunked" },
    });
    let sent = 0;
    let closed = false;
    let answer: Pick<Streamed, "status" | "headers" | "text"> = { status: undefined, headers: {}, text: "" };
    const pump = () => {
      while (!closed && sent < total) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once("drain", pump);
      }
      if (!closed) req.end();
    };
    req.on("response", (res) => {
      res.setEncoding("utf8");
      res.on("data", (text: string) => {
        answer.text += text;
      });
      answer = { status: res.statusCode, headers: res.headers, text: answer.text };
    });
    // Writing after the server closed the connection fails (EPIPE / ECONNRESET): expected here.
    req.on("error", () => {});
    req.on("close", () => {
      closed = true;
      clearInterval(sample);
      resolve({ ...answer, sent, peak });
    });
    pump();
  });
}

describe("request body limit", () => {
  it("answers 413 as soon as a chunked body passes 10 MiB, stops reading, closes, and holds no memory", async () => {
    const { server, emulator } = await start();
    const auth = { authorization: `Bearer ${emulator.adminToken}` };
    const res = await streamBody(`${server.v2BaseUrl}Users`, auth, 200 * MiB);
    expect(res.status).toBe(413);
    expect(res.headers["connection"]).toBe("close");
    expect(JSON.parse(res.text).detail).toBe(
      "invalid_request_payload (the body is over 10485760 bytes; the emulator reads at most 10485760)",
    );
    // The client could hand over at most what the socket buffers held once the server stopped reading.
    expect(res.sent).toBeLessThan(48 * MiB);
    // Read to the end, the 200 MiB body was held (about 200 MiB of array buffers); now at most the 10 MiB read.
    expect(res.peak).toBeLessThan(32 * MiB);
    // The emulator is fine afterwards.
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
});
