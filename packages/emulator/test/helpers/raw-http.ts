import { connect } from "node:net";

/** What came back on a raw socket: the parsed status line, headers and body, or nothing (a reset). */
export interface RawAnswer {
  /** 0 when the server sent nothing. */
  status: number;
  /** Header names lower-cased. */
  headers: Record<string, string>;
  body: string;
  /** Everything the server wrote. */
  raw: string;
  /** The socket error, if any (`ECONNRESET` for a reset). */
  error?: string;
}

/**
 * Writes `request` as is on a new socket to `url`'s host and port (no client-side normalisation of the method,
 * path or headers), and resolves once the server closes the connection. Send `Connection: close`.
 */
export function rawRequest(url: string, request: string | Buffer): Promise<RawAnswer> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname, () => socket.write(request));
    const chunks: Buffer[] = [];
    let error: string | undefined;
    socket.on("data", (chunk: Buffer) => chunks.push(chunk));
    socket.on("error", (e: NodeJS.ErrnoException) => {
      error = e.code ?? e.message;
    });
    socket.on("close", () => {
      const raw = Buffer.concat(chunks).toString("latin1");
      const end = raw.indexOf("\r\n\r\n");
      const head = end < 0 ? raw : raw.slice(0, end);
      const [statusLine = "", ...lines] = head.split("\r\n");
      const headers: Record<string, string> = {};
      for (const line of lines) {
        const colon = line.indexOf(":");
        if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
      }
      const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1] ?? 0);
      const body = end < 0 ? "" : Buffer.from(raw.slice(end + 4), "latin1").toString("utf8");
      resolve({ status, headers, body, raw, ...(error === undefined ? {} : { error }) });
    });
  });
}

/** A request line, headers and body as raw HTTP/1.1 text, with `Host`, `Content-Length` and `Connection: close`. */
export function httpText(
  method: string,
  target: string,
  headers: Record<string, string> = {},
  body = "",
): string {
  const all: Record<string, string> = { host: "emulator.test", ...headers, connection: "close" };
  if (body !== "" || ["POST", "PUT", "PATCH"].includes(method))
    all["content-length"] = String(Buffer.byteLength(body));
  const lines = Object.entries(all).map(([k, v]) => `${k}: ${v}\r\n`);
  return `${method} ${target} HTTP/1.1\r\n${lines.join("")}\r\n${body}`;
}
