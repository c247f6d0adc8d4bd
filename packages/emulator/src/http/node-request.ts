import type { IncomingMessage } from "node:http";
import type { IncomingRequest } from "./exchange.js";

/**
 * The request body as a web stream that pulls from `req` as the pipeline reads. Unlike `Readable.toWeb`, it never
 * destroys `req` when cancelled: a cancelled body stops being read (`req` is paused), and the adapter then drains
 * it or closes the connection.
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
        req.pause();
      },
    },
    { highWaterMark: 64 * 1024, size: (chunk) => chunk.byteLength },
  );
}

/** The request headers as sent (repeated ones joined), without any the fetch `Headers` class refuses. */
function headersOf(raw: readonly string[]): Headers {
  const headers = new Headers();
  for (let i = 0; i < raw.length; i += 2) {
    try {
      headers.append(raw[i] as string, raw[i + 1] as string);
    } catch {
      // Not a valid header for fetch: treated as absent.
    }
  }
  return headers;
}

/** Whether an HTTP/1.1 request carries a body: a non-zero `Content-Length`, or `Transfer-Encoding`. */
function hasBody(req: IncomingMessage): boolean {
  if (req.headers["transfer-encoding"] !== undefined) return true;
  const length = req.headers["content-length"];
  return length !== undefined && length !== "0";
}

/** A `node:http` request as the pipeline's request; `origin` is `http://` + its `Host`. */
export function toIncoming(req: IncomingMessage, origin: string, signal: AbortSignal): IncomingRequest {
  return {
    method: req.method ?? "GET",
    // The request line's target as sent: Node does not normalise `req.url`, unlike `new URL()`.
    target: req.url ?? "/",
    origin,
    headers: headersOf(req.rawHeaders),
    body: hasBody(req) ? bodyStream(req) : null,
    signal,
  };
}
