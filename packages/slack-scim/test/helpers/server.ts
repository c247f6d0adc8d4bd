import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";

/** One request as the test server received it. */
export interface ReceivedRequest {
  method: string;
  /** Path and query, as sent. */
  url: string;
  headers: IncomingMessage["headers"];
  body: string;
}

/** Answers one request; `received` is already recorded, the body fully read. */
export type Handler = (
  req: IncomingMessage,
  res: ServerResponse,
  received: ReceivedRequest,
) => void | Promise<void>;

/** A purpose-made loopback server: records every request, answers with `handler`. */
export interface TestServer {
  /** `http://127.0.0.1:PORT` */
  url: string;
  /** `http://127.0.0.1:PORT/scim/v1/` */
  v1: string;
  /** `http://127.0.0.1:PORT/scim/v2/` */
  v2: string;
  requests: ReceivedRequest[];
  close(): Promise<void>;
}

/** Starts a server on 127.0.0.1 and an ephemeral port. Close it in `afterEach`. */
export async function startServer(
  handler: Handler,
  options: { keepAliveTimeout?: number } = {},
): Promise<TestServer> {
  const requests: ReceivedRequest[] = [];
  const sockets = new Set<Socket>();
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const received: ReceivedRequest = {
      method: req.method ?? "",
      url: req.url ?? "",
      headers: req.headers,
      body: Buffer.concat(chunks).toString("utf8"),
    };
    requests.push(received);
    try {
      await handler(req, res, received);
    } catch (error) {
      res.destroy(error as Error);
    }
  });
  server.keepAliveTimeout = options.keepAliveTimeout ?? 1000;
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    v1: `${url}/scim/v1/`,
    v2: `${url}/scim/v2/`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Sends `body` as JSON with `status`. */
export function json(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

/** A 1.1 user as Slack returns it, with the given id. */
export function sampleUser(id = "W0123ABCDEF", extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    schemas: ["urn:scim:schemas:core:1.0"],
    id,
    externalId: "",
    meta: { created: "2024-03-05T09:14:27-08:00", location: `https://api.slack.com/scim/v1/Users/${id}` },
    userName: "ada.lovelace",
    nickName: "ada.lovelace",
    name: { givenName: "Ada", familyName: "Lovelace" },
    displayName: "Ada L",
    active: true,
    emails: [{ value: "ada@acme.example", primary: true }],
    groups: [],
    ...extra,
  };
}
