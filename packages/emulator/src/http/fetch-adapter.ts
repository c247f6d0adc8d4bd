import type { IncomingRequest, Outcome, Reply } from "./exchange.js";

/**
 * A `fetch` `Request` as the pipeline's request. Its URL was already parsed (and normalised) by whoever built
 * it; the method is upper-cased, as `fetch` leaves `patch` in lower case.
 */
export function fromFetchRequest(request: Request): IncomingRequest {
  const url = new URL(request.url);
  return {
    method: request.method.toUpperCase(),
    target: `${url.pathname}${url.search}`,
    origin: url.origin,
    headers: request.headers,
    body: request.body,
    signal: request.signal,
  };
}

/** The error a socket reset by the peer gives in Node (`read ECONNRESET`), for in-process `fetch`. */
export function connectionResetError(): Error {
  return Object.assign(new Error("read ECONNRESET"), { errno: -104, code: "ECONNRESET", syscall: "read" });
}

function toResponse(reply: Reply): Response {
  return new Response(reply.body === "" ? null : reply.body, {
    status: reply.status,
    headers: reply.headers,
  });
}

/**
 * What `fetch` gives for an outcome, in process. A reset before any answer throws like undici's `fetch`
 * (`TypeError` "fetch failed", cause `ECONNRESET`); in the middle of the body, the response resolves and its
 * body stream yields the first half, then fails with `TypeError` "terminated" (cause `ECONNRESET`).
 */
export function toFetchResponse(outcome: Outcome): Response {
  if (outcome.kind === "reply") return toResponse(outcome.reply);
  if (outcome.mode !== "mid-body") throw new TypeError("fetch failed", { cause: connectionResetError() });
  const whole = new TextEncoder().encode(outcome.reply.body);
  const half = whole.subarray(0, Math.floor(whole.length / 2));
  let sent = false;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (!sent) {
        sent = true;
        controller.enqueue(half);
      } else controller.error(new TypeError("terminated", { cause: connectionResetError() }));
    },
  });
  return new Response(stream, { status: outcome.reply.status, headers: outcome.reply.headers });
}
