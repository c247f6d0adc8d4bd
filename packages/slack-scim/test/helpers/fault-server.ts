import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import {
  type FaultKind,
  httpMethodOf,
  type MethodKind,
  type SentRequest,
  serverApplies,
  type Times,
  type Version,
} from "./fault-rules.js";

/** One case the server answers: its fault and the method kind it hits. */
export interface FaultCase {
  fault: FaultKind;
  times: Times;
  kind: MethodKind;
  version: Version;
  /** Bytes of the oversized body. */
  oversizedBytes: number;
  /** Milliseconds the latency fault holds the answer; the slow drip takes at least this long. */
  slowMs: number;
}

/** One request as a case received it. */
export interface ReceivedRequest {
  sent: SentRequest;
  /** Resources a lookup returned. */
  found?: number;
  /** The status answered, when one was. */
  status?: number;
}

/** What the server saw of one case. */
export interface CaseRecord {
  requests: ReceivedRequest[];
  /** Server sides of the case's connections still open. */
  sockets: Set<Socket>;
}

interface CaseState extends FaultCase, CaseRecord {
  fired: number;
  users: Record<string, unknown>[];
}

/** A running fault server. */
export interface FaultServer {
  /** Registers a case; its base URL routes every request to it. */
  register(c: FaultCase): { baseUrl: string; record: CaseRecord };
  close(): Promise<void>;
}

const userId = "W0123ABCDEF";
/** The Location of the 3xx faults; its query must never show in an error message. */
export const redirectLocation = "https://login.proxy.example/sso?return=%2Fscim&ticket=secret-ticket";

function schemasOf(version: Version, what: "user" | "list" | "error"): string[] {
  if (version === 1) return ["urn:scim:schemas:core:1.0"];
  if (what === "list") return ["urn:ietf:params:scim:api:messages:2.0:ListResponse"];
  if (what === "error") return ["urn:ietf:params:scim:api:messages:2.0:Error"];
  return ["urn:ietf:params:scim:schemas:core:2.0:User"];
}

function user(version: Version, fields: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    schemas: schemasOf(version, "user"),
    id: userId,
    userName: "ada.lovelace",
    name: { givenName: "Ada", familyName: "Lovelace" },
    displayName: "Ada",
    active: true,
    emails: [{ value: "ada@acme.example", primary: true }],
    meta: { created: "2024-03-05T09:14:27-08:00" },
    ...fields,
  };
}

function errorBody(version: Version, status: number): unknown {
  const code =
    status === 429 ? "too_many_requests" : status === 503 ? "service_unavailable" : "internal_error";
  return version === 1
    ? { Errors: { description: code, code: status } }
    : { schemas: schemasOf(version, "error"), detail: code, status };
}

function send(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "content-length": String(Buffer.byteLength(text)), ...headers });
  res.end(text);
}

const jsonType = { "content-type": "application/json; charset=utf-8" };

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/** The answer Slack would give, after applying the request (a create is stored only when `apply`). */
function handle(
  state: CaseState,
  method: string,
  url: URL,
  body: string,
  apply: boolean,
  received: ReceivedRequest,
): { status: number; body: unknown } {
  const v = state.version;
  if (method === "GET" && /\/Users$/.test(url.pathname)) {
    const filter = url.searchParams.get("filter") ?? "";
    const wanted = /"([^"]*)"/.exec(filter)?.[1]?.toLowerCase();
    const matches =
      filter === ""
        ? [user(v)]
        : state.users.filter((u) =>
            filter.startsWith("userName")
              ? String(u["userName"]).toLowerCase() === wanted
              : (u["emails"] as { value: string }[]).some((e) => e.value.toLowerCase() === wanted),
          );
    if (filter !== "") received.found = matches.length;
    const list = { totalResults: matches.length, itemsPerPage: matches.length, startIndex: 1 };
    return { status: 200, body: { schemas: schemasOf(v, "list"), ...list, Resources: matches } };
  }
  if (method === "POST") {
    const sent = JSON.parse(body) as Record<string, unknown>;
    const created = user(v, {
      ...sent,
      id: `W${String(state.users.length + 1).padStart(10, "0")}`,
      userName: String(sent["userName"]).toLowerCase(),
      meta: { created: new Date().toISOString() },
    });
    if (apply) state.users.push(created);
    return { status: 201, body: created };
  }
  if (method === "DELETE") return { status: v === 1 ? 200 : 204, body: undefined };
  return { status: 200, body: user(v) };
}

/** Answers one request of `state`, with its fault when it is due. */
async function answer(state: CaseState, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? "/", "http://x");
  const method = req.method ?? "GET";
  const lookup = method === "GET" && url.searchParams.has("filter") && state.kind === "create";
  const received: ReceivedRequest = { sent: lookup ? "lookup" : (method as SentRequest) };
  state.requests.push(received);
  const due =
    !lookup && method === httpMethodOf[state.kind] && (state.times === "always" || state.fired === 0);
  if (due) state.fired += 1;
  const fault = due ? state.fault : undefined;
  if (fault === "reset-before-body") {
    req.socket.destroy();
    return;
  }
  const body = await readBody(req);
  const real = handle(state, method, url, body, fault === undefined || serverApplies(fault), received);
  const text = real.body === undefined ? "" : JSON.stringify(real.body);
  // A faulty 2xx carries a body, so it is never a 204; a delete's faulty body is a user.
  const okStatus = real.status === 204 ? 200 : real.status;
  const bodyText = text === "" ? JSON.stringify(user(state.version)) : text;
  const status = (s: number) => {
    received.status = s;
    return s;
  };
  const later = (ms: number, run: () => void) => {
    const timer = setTimeout(run, ms);
    req.socket.once("close", () => clearTimeout(timer));
  };
  switch (fault) {
    case undefined:
      return send(res, status(real.status), text, text === "" ? {} : jsonType);
    case "reset-after-body":
      req.socket.destroy();
      return;
    case "reset-mid-answer":
      res.writeHead(status(okStatus), { ...jsonType, "content-length": String(Buffer.byteLength(bodyText)) });
      res.write(bodyText.slice(0, bodyText.length / 2), () => req.socket.destroy());
      return;
    case "429-seconds":
    case "429-date":
    case "429-none": {
      const headers: Record<string, string> = { ...jsonType };
      if (fault === "429-seconds") headers["retry-after"] = "0";
      if (fault === "429-date") headers["retry-after"] = new Date().toUTCString(); // now, to the second: no wait
      return send(res, status(429), JSON.stringify(errorBody(state.version, 429)), headers);
    }
    case "500":
    case "502":
    case "503":
    case "504":
      return send(
        res,
        status(Number(fault)),
        JSON.stringify(errorBody(state.version, Number(fault))),
        jsonType,
      );
    case "latency":
      return later(state.slowMs, () => send(res, status(okStatus), bodyText, jsonType));
    case "slow-drip": {
      res.writeHead(status(okStatus), { ...jsonType, "content-length": String(Buffer.byteLength(bodyText)) });
      const every = Math.ceil(state.slowMs / bodyText.length);
      let sent = 0;
      const timer = setInterval(() => {
        res.write(bodyText.slice(sent, sent + 1));
        sent += 1;
        if (sent >= bodyText.length) {
          clearInterval(timer);
          res.end();
        }
      }, every);
      req.socket.once("close", () => clearInterval(timer));
      return;
    }
    case "truncated":
      return send(res, status(okStatus), bodyText.slice(0, bodyText.length / 2), jsonType);
    case "html":
      return send(
        res,
        status(okStatus),
        "<!DOCTYPE html><html><head><title>Sign in</title></head><body><form>…</form></body></html>",
        { "content-type": "text/html; charset=utf-8" },
      );
    case "empty":
      return send(res, status(okStatus), "", jsonType);
    case "oversized": {
      const padding = "x".repeat(Math.max(0, state.oversizedBytes - bodyText.length));
      const big = JSON.stringify({ ...(JSON.parse(bodyText) as object), padding });
      return send(res, status(okStatus), big, jsonType);
    }
    case "302":
      return send(res, status(302), "", { location: redirectLocation });
    case "304":
      res.writeHead(status(304));
      res.end();
      return;
  }
}

/** A loopback server for the fault matrix: each case gets its own base URL, `/c/<n>/scim/v1/`. */
export async function startFaultServer(): Promise<FaultServer> {
  const cases = new Map<string, CaseState>();
  const sockets = new Set<Socket>();
  let next = 0;
  const server = createServer((req, res) => {
    const match = /^\/c\/(\d+)\//.exec(req.url ?? "");
    const state = match ? cases.get(match[1] ?? "") : undefined;
    if (!state) {
      send(res, 404, "");
      return;
    }
    if (!state.sockets.has(req.socket)) {
      state.sockets.add(req.socket);
      req.socket.once("close", () => state.sockets.delete(req.socket));
    }
    answer(state, req, res).catch((error: unknown) => res.destroy(error as Error));
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    register(c) {
      const id = String(next++);
      const state: CaseState = { ...c, fired: 0, users: [], requests: [], sockets: new Set() };
      cases.set(id, state);
      return { baseUrl: `http://127.0.0.1:${port}/c/${id}/scim/v${c.version}/`, record: state };
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
