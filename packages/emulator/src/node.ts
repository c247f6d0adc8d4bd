import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Readable } from "node:stream";
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

function toRequest(req: IncomingMessage, origin: string): Request {
  const headers = new Headers();
  const raw = req.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) headers.append(raw[i] as string, raw[i + 1] as string);
  const method = req.method ?? "GET";
  const url = `${origin}${req.url ?? "/"}`;
  if (method === "GET" || method === "HEAD") return new Request(url, { method, headers });
  return new Request(url, {
    method,
    headers,
    body: Readable.toWeb(req) as ReadableStream<Uint8Array>,
    duplex: "half",
  } as RequestInit);
}

async function send(res: ServerResponse, response: Response): Promise<void> {
  const headers: Record<string, string> = {};
  response.headers.forEach((value, key) => {
    headers[key] = value;
  });
  const known = knownBody(response);
  const body = known !== undefined ? Buffer.from(known) : Buffer.from(await response.arrayBuffer());
  if (response.status !== 204 && response.status !== 304) headers["content-length"] = String(body.length);
  res.writeHead(response.status, headers);
  res.end(response.status === 204 ? undefined : body);
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
    // A malformed Host or URL must answer 500, not throw out of the request listener.
    Promise.resolve()
      .then(() => handler(toRequest(req, origin)))
      .then((response) => {
        const reset = resetPlanOf(response);
        if (reset) return resetConnection(req, res, reset);
        return send(res, response);
      })
      .catch((error: unknown) => {
        if (!res.headersSent) {
          const body = JSON.stringify({
            Errors: { description: `internal_error (${String(error)})`, code: 500 },
          });
          res.writeHead(500, {
            "content-type": "application/json; charset=utf-8",
            "content-length": String(Buffer.byteLength(body)),
          });
          res.end(body);
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
