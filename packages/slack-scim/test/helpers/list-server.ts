import type { ServerResponse } from "node:http";
import { json, type ReceivedRequest, startServer, type TestServer } from "./server.js";

/** How a purpose-made list server answers one page request. */
export type PageAnswer = (
  startIndex: number,
  count: number,
  request: ReceivedRequest,
) => { ids: string[]; total: number } | { status: number; headers?: Record<string, string> };

/** Query parameters of a received request. */
export function query(request: ReceivedRequest): URLSearchParams {
  return new URL(request.url, "http://x").searchParams;
}

/** A loopback server answering `GET …/Users` pages as `answer` says, in the 1.1 list shape. */
export function listServer(answer: PageAnswer): Promise<TestServer> {
  return startServer((_req, res: ServerResponse, received) => {
    const q = query(received);
    const startIndex = Number(q.get("startIndex") ?? "1");
    const count = Number(q.get("count") ?? "10");
    const out = answer(startIndex, count, received);
    if ("status" in out) {
      json(res, out.status, { Errors: { description: "too_many_requests", code: out.status } }, out.headers);
      return;
    }
    json(res, 200, {
      totalResults: out.total,
      itemsPerPage: out.ids.length,
      startIndex,
      schemas: ["urn:scim:schemas:core:1.0"],
      Resources: out.ids.map((id) => ({ id, userName: id.toLowerCase(), displayName: id })),
    });
  });
}

/** Ids `U0001`… of a roster of `n`. */
export function roster(n: number): string[] {
  return Array.from({ length: n }, (_, i) => `U${String(i + 1).padStart(4, "0")}`);
}

/** The page SCIM says `startIndex`/`count` select from `ids`. */
export function slice(ids: string[], startIndex: number, count: number): { ids: string[]; total: number } {
  return { ids: ids.slice(startIndex - 1, startIndex - 1 + Math.min(count, 1000)), total: ids.length };
}
