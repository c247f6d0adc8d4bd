import type { Reply } from "./exchange.js";

/** Response content type Slack sends. */
export const jsonContentType = "application/json; charset=utf-8";

/** A JSON answer, in the content type Slack sends. */
export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): Reply {
  return textResponse(status, JSON.stringify(body), { "content-type": jsonContentType, ...headers });
}

/** An answer with a text body. */
export function textResponse(status: number, text: string, headers: Record<string, string>): Reply {
  return { status, headers, body: text };
}

/** An answer without a body (204, or Slack's empty 200 on 1.1 `DELETE /Users`). */
export function emptyResponse(status: number, headers: Record<string, string> = {}): Reply {
  return { status, headers, body: "" };
}
