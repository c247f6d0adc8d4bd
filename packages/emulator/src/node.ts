import { createServer, type IncomingMessage, type ServerResponse, STATUS_CODES } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import type { App } from "./app.js";
import type { Outcome, Reply } from "./http/exchange.js";
import { toIncoming } from "./http/node-request.js";

/** Where to listen. */
export interface ListenOptions {
  /** TCP port; 0 picks a free one. @defaultValue 0 */
  port?: number;
  /** Interface to bind. @defaultValue `"127.0.0.1"` (loopback only) */
  host?: string;
}

/** A listening emulator. */
export interface EmulatorServer {
  /** `http://HOST:PORT`, no trailing slash. */
  readonly url: string;
  /** `url` + `/scim/v1/`. */
  readonly v1BaseUrl: string;
  /** `url` + `/scim/v2/`. */
  readonly v2BaseUrl: string;
  /** The bound port. */
  readonly port: number;
  /** Stops listening and ends idle and active connections. */
  close(): Promise<void>;
}

/** Most request-body bytes the adapter drains after an early answer before it gives up on the connection. */
const maxDrainBytes = 10 * 1024 * 1024;

/**
 * Whether an answer sent now must close the connection: the request body is not fully read and what is left of
 * it is unknown (chunked) or more than the drain allowance.
 */
function mustClose(req: IncomingMessage): boolean {
  if (req.complete) return false;
  const declared = Number(req.headers["content-length"]);
  if (!Number.isFinite(declared)) return false; // chunked: drained up to the allowance, see drain()
  return declared > maxDrainBytes;
}

/**
 * Reads and discards what the pipeline left of the request body (an early answer: 401, 404, 429, a fault), so
 * the next request on this keep-alive connection is parsed from a clean stream. At most {@link maxDrainBytes};
 * beyond that the socket is closed once the answer is out.
 */
function drain(req: IncomingMessage, res: ServerResponse): void {
  if (req.complete) return;
  let drained = 0;
  const closeWhenSent = () => {
    if (res.writableFinished) req.socket.destroy();
    else res.once("finish", () => req.socket.destroy());
  };
  req.removeAllListeners("data");
  req.on("data", (chunk: Buffer) => {
    drained += chunk.byteLength;
    if (drained > maxDrainBytes) {
      req.removeAllListeners("data");
      req.pause();
      closeWhenSent();
    }
  });
  req.on("error", () => {});
  req.resume();
}

/** Headers of a reply as sent: with `content-length` (none on a 204). */
function wireHeaders(reply: Reply, body: Buffer): Record<string, string> {
  const headers: Record<string, string> = { ...reply.headers };
  if (reply.status !== 204 && reply.status !== 304) headers["content-length"] = String(body.length);
  return headers;
}

/** How long a connection closed with unread body bytes stays half-open for the client to read its answer. */
const lingerMs = 2_000;

/** A reply as raw HTTP/1.1 bytes, announcing `Connection: close`. */
function rawReply(reply: Reply): Buffer {
  const body = Buffer.from(reply.body);
  const head = Object.entries({ ...wireHeaders(reply, body), connection: "close" })
    .map(([key, value]) => `${key}: ${value}\r\n`)
    .join("");
  const status = `HTTP/1.1 ${reply.status} ${STATUS_CODES[reply.status] ?? ""}\r\n`;
  return Buffer.concat([Buffer.from(`${status}${head}\r\n`), body]);
}

/**
 * Answers on the socket and ends the connection without reading the rest of the request body. The answer is
 * followed by a FIN while the unread bytes stay unread (the receive side is paused, so the client's writes
 * stall; nothing is buffered here): the client reads the answer, sees the end and closes. Destroying the socket
 * at once would make the kernel reset it over the unread bytes, and the client could lose the answer; a client
 * that never closes is cut off after {@link lingerMs}.
 */
function sendAndClose(socket: Socket, reply: Reply): void {
  socket.end(rawReply(reply));
  setTimeout(() => socket.destroy(), lingerMs).unref();
}

/**
 * Sends a reply. When the pipeline stopped reading the body part-way (`close`), or what is left of it is more than
 * the drain allowance, the connection ends after the answer; otherwise the rest of the body is drained, so the
 * keep-alive connection serves the next request.
 */
function send(req: IncomingMessage, res: ServerResponse, reply: Reply, close: boolean): void {
  if (close || mustClose(req)) {
    req.removeAllListeners("data");
    req.pause();
    sendAndClose(req.socket, reply);
    return;
  }
  const body = Buffer.from(reply.body);
  res.writeHead(reply.status, wireHeaders(reply, body));
  res.end(reply.status === 204 ? undefined : body);
  drain(req, res);
}

/** Resets the socket with a TCP RST; `mid-body` first sends the status, headers and half the body. */
function resetConnection(
  req: IncomingMessage,
  res: ServerResponse,
  outcome: Outcome & { kind: "reset" },
): void {
  if (outcome.mode !== "mid-body") {
    req.socket.resetAndDestroy();
    return;
  }
  const body = Buffer.from(outcome.reply.body);
  res.writeHead(outcome.reply.status, wireHeaders(outcome.reply, body));
  res.write(body.subarray(0, Math.floor(body.length / 2)), () => {
    // Give the half body a moment on the wire, so the client sees the answer before the RST.
    setTimeout(() => req.socket.resetAndDestroy(), 10);
  });
}

/**
 * Answers, on a bare socket, a request Node's HTTP parser would not hand over (an unknown method such as `FOO`,
 * or `CONNECT`): the pipeline runs on its request line alone (so a method Slack never takes gets its 405 with
 * `Allow`), and the connection is closed after the answer.
 */
async function answerRaw(app: App, socket: Socket, requestLine: string, origin: string): Promise<void> {
  const [method = "", target = "/"] = requestLine.split(" ");
  const signal = new AbortController().signal;
  const outcome = await app({ method, target, origin, headers: new Headers(), body: null, signal });
  if (outcome.kind === "reply" && socket.writable) sendAndClose(socket, outcome.reply);
  else socket.destroy();
}

/** Node's own answer to a request its parser refused (what it sends when nobody listens for `clientError`). */
function parserRefusal(code: string | undefined): string {
  if (code === "HPE_HEADER_OVERFLOW") return "431 Request Header Fields Too Large";
  if (code === "ERR_HTTP_REQUEST_TIMEOUT") return "408 Request Timeout";
  return "400 Bad Request";
}

/**
 * Serves the pipeline over `node:http`. The adapter hands it each request as sent (the raw request-target, the
 * headers, the body as a stream) and carries out the outcome: send the reply (closing the connection when the
 * body was abandoned), or reset the socket with a TCP RST for a fault.
 */
export async function listen(app: App, options: ListenOptions = {}): Promise<EmulatorServer> {
  const host = options.host ?? "127.0.0.1";
  let hostPort = host;
  const server = createServer({ keepAliveTimeout: 5_000 }, (req, res) => {
    // The client went away before the answer: abort the request, so a pipeline reading its body stops waiting.
    const aborted = new AbortController();
    res.once("close", () => {
      if (!res.writableFinished) aborted.abort(new Error("the client closed the connection"));
    });
    const origin = `http://${req.headers.host ?? hostPort}`;
    app(toIncoming(req, origin, aborted.signal))
      .then((outcome) =>
        outcome.kind === "reply"
          ? send(req, res, outcome.reply, outcome.close)
          : resetConnection(req, res, outcome),
      )
      .catch(() => res.destroy());
  });
  // CONNECT and methods Node's parser does not know never reach the request listener: answer them 405 here.
  server.on("connect", (req: IncomingMessage, socket: Socket) => {
    void answerRaw(app, socket, `${req.method} ${req.url}`, `http://${hostPort}`).catch(() =>
      socket.destroy(),
    );
  });
  server.on("clientError", (error: NodeJS.ErrnoException & { rawPacket?: Buffer }, socket: Socket) => {
    if (error.code === "HPE_INVALID_METHOD" && error.rawPacket) {
      const line = error.rawPacket.toString("latin1").split("\r\n", 1)[0] ?? "";
      void answerRaw(app, socket, line, `http://${hostPort}`).catch(() => socket.destroy());
      return;
    }
    if (socket.writable && socket.bytesWritten === 0) {
      socket.write(`HTTP/1.1 ${parserRefusal(error.code)}\r\nConnection: close\r\n\r\n`);
    }
    socket.destroy(error);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const shown = host.includes(":") ? `[${host}]` : host;
  hostPort = `${shown}:${port}`;
  const url = `http://${hostPort}`;
  let closing: Promise<void> | undefined;
  return {
    url,
    v1BaseUrl: `${url}/scim/v1/`,
    v2BaseUrl: `${url}/scim/v2/`,
    port,
    close() {
      closing ??= new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
