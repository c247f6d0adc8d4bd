/** Response content type Slack sends. */
export const jsonContentType = "application/json; charset=utf-8";

/**
 * How a connection is reset: before the request body is read, after the request was handled (no answer), or in
 * the middle of the answer's body (status and headers sent, then half the body).
 */
export type ResetMode = "before-body" | "after-body" | "mid-body";

/** A reset the adapters must perform; `mid-body` carries the answer it cuts. */
export interface ResetPlan {
  mode: ResetMode;
  status?: number;
  headers?: Record<string, string>;
  /** The whole body; the adapters send its first half, announcing the whole length. */
  body?: Uint8Array;
}

const bodies = new WeakMap<Response, string>();
const resets = new WeakMap<Response, ResetPlan>();

/** A JSON response whose serialized body the node adapter can send without reading the stream again. */
export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  const text = JSON.stringify(body);
  return textResponse(status, text, { "content-type": jsonContentType, ...headers });
}

/** A response with a text body, remembered for the adapter's fast path. */
export function textResponse(status: number, text: string, headers: Record<string, string>): Response {
  const response = new Response(text, { status, headers });
  bodies.set(response, text);
  return response;
}

/** A response without a body (204, or Slack's empty 200 on 1.1 `DELETE /Users`). */
export function emptyResponse(status: number, headers: Record<string, string> = {}): Response {
  const response = new Response(null, { status, headers });
  bodies.set(response, "");
  return response;
}

/** The body text of a response built here, if known. */
export function knownBody(response: Response): string | undefined {
  return bodies.get(response);
}

/** A marker response telling the adapters to reset the connection. */
export function resetMarker(plan: ResetPlan): Response {
  const response = new Response(null, { status: 599 });
  resets.set(response, plan);
  return response;
}

/** The reset a marker asks for, if it is one. */
export function resetPlanOf(response: Response): ResetPlan | undefined {
  return resets.get(response);
}

/** The error a socket reset by the peer gives in Node (`read ECONNRESET`), for in-process `fetch`. */
export function connectionResetError(): Error {
  return Object.assign(new Error("read ECONNRESET"), { errno: -104, code: "ECONNRESET", syscall: "read" });
}

/**
 * What `fetch` gives for a reset plan, in process: before any answer, a rejection like undici's (`TypeError`
 * "fetch failed", cause `ECONNRESET`); in the middle of the body, the response, whose body stream yields the
 * first half and then fails with `TypeError` "terminated" (cause `ECONNRESET`), as undici's does.
 */
export function inProcessReset(plan: ResetPlan): Response {
  if (plan.mode !== "mid-body" || plan.body === undefined) {
    throw new TypeError("fetch failed", { cause: connectionResetError() });
  }
  const half = plan.body.subarray(0, Math.floor(plan.body.length / 2));
  let sent = false;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (!sent) {
        sent = true;
        controller.enqueue(half);
      } else controller.error(new TypeError("terminated", { cause: connectionResetError() }));
    },
  });
  return new Response(stream, { status: plan.status ?? 200, headers: plan.headers ?? {} });
}
