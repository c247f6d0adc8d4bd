import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { knownBody, type ResetPlan, resetPlanOf } from "./http/respond.js";

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
 * The request body as a web stream that pulls from `req` as the handler reads. Unlike `Readable.toWeb`, it never
 * destroys `req` when cancelled or abandoned: the adapter drains what the handler left unread (see {@link send}),
 * so the keep-alive connection stays usable.
 */
function bodyStream(req: IncomingMessage): ReadableStream<Uint8Array> {
  let closed = false;
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        req.pause();
        req.on("data", (chunk: Buffer) => {
          if (closed) return;
          controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
          if ((controller.desiredSize ?? 0) <= 0) req.pause();
        });
        req.once("end", () => {
          if (closed) return;
          closed = true;
          controller.close();
        });
        req.once("error", (error) => {
          if (closed) return;
          closed = true;
          controller.error(error);
        });
      },
      pull() {
        req.resume();
      },
      cancel() {
        closed = true;
      },
    },
    { highWaterMark: 64 * 1024, size: (chunk) => chunk.byteLength },
  );
}

function toRequest(req: IncomingMessage, origin: string, signal: AbortSignal): Request {
  const headers = new Headers();
  const raw = req.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) headers.append(raw[i] as string, raw[i + 1] as string);
  const method = req.method ?? "GET";
  const url = `${origin}${req.url ?? "/"}`;
  if (method === "GET" || method === "HEAD") return new Request(url, { method, headers, signal });
  return new Request(url, {
    method,
    headers,
    signal,
    body: bodyStream(req),
    duplex: "half",
  } as RequestInit);
}

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
 * Reads and discards what the handler left of the request body (an early answer: 401, 404, 429, a fault), so
 * the next request on this keep-alive connection is parsed from a clean stream. At most {@link maxDrainBytes};
 * beyond that (or when the answer said `Connection: close`) the socket is closed once the answer is out.
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

async function send(req: IncomingMessage, res: ServerResponse, response: Response): Promise<void> {
  const headers: Record<string, string> = {};
  response.headers.forEach((value, key) => {
    headers[key] = value;
  });
  const known = knownBody(response);
  const body = known !== undefined ? Buffer.from(known) : Buffer.from(await response.arrayBuffer());
  if (response.status !== 204 && response.status !== 304) headers["content-length"] = String(body.length);
  if (mustClose(req)) headers["connection"] = "close";
  res.writeHead(response.status, headers);
  res.end(response.status === 204 ? undefined : body);
  drain(req, res);
}

/** Resets the socket with a TCP RST; `mid-body` first sends the status, headers and half the body. */
function resetConnection(req: IncomingMessage, res: ServerResponse, plan: ResetPlan): void {
  if (plan.mode !== "mid-body" || plan.body === undefined) {
    req.socket.resetAndDestroy();
    return;
  }
  res.writeHead(plan.status ?? 200, { ...plan.headers, "content-length": String(plan.body.length) });
  res.write(plan.body.subarray(0, Math.floor(plan.body.length / 2)), () => {
    // Give the half body a moment on the wire, so the client sees the answer before the RST.
    setTimeout(() => req.socket.resetAndDestroy(), 10);
  });
}

/**
 * Serves a `(Request) => Promise<Response>` handler over `node:http`. A reset marker from the handler destroys
 * the socket with a TCP RST instead of answering.
 */
export async function listen(
  handler: (request: Request) => Promise<Response>,
  options: ListenOptions = {},
): Promise<EmulatorServer> {
  const host = options.host ?? "127.0.0.1";
  const server = createServer({ keepAliveTimeout: 5_000 }, (req, res) => {
    const origin = `http://${req.headers.host ?? hostPort}`;
    // The client went away before the answer: abort the request, so a handler reading its body stops waiting.
    const aborted = new AbortController();
    res.once("close", () => {
      if (!res.writableFinished) aborted.abort(new Error("the client closed the connection"));
    });
    // A malformed Host or URL must answer 500, not throw out of the request listener.
    Promise.resolve()
      .then(() => handler(toRequest(req, origin, aborted.signal)))
      .then((response) => {
        const reset = resetPlanOf(response);
        if (reset) return resetConnection(req, res, reset);
        return send(req, res, response);
      })
      .catch((error: unknown) => {
        if (!res.headersSent) {
          const body = JSON.stringify({
            Errors: { description: `internal_error (${String(error)})`, code: 500 },
          });
          res.writeHead(500, {
            "content-type": "application/json; charset=utf-8",
            "content-length": String(Buffer.byteLength(body)),
            ...(mustClose(req) ? { connection: "close" } : {}),
          });
          res.end(body);
          drain(req, res);
        } else res.destroy();
      });
  });
  let hostPort = host;
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
