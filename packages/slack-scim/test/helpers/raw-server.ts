import { type AddressInfo, createServer, type Socket } from "node:net";

/** One raw HTTP answer, bytes as given: nothing is checked or corrected. */
export interface RawAnswer {
  /** The first line, e.g. `HTTP/1.1 200 OK` (or anything else). */
  statusLine: string;
  headers: [string, string][];
  body: Uint8Array;
  /** After writing: close the connection, reset it, or leave it open and silent. */
  ending: "end" | "destroy" | "keep-open";
}

/** A loopback TCP server that answers every HTTP request with the current {@link RawAnswer}. */
export interface RawServer {
  url: string;
  /** The answer to send from now on. */
  answer: RawAnswer;
  /** Requests received (a request is counted once its head and declared body are in). */
  requests: number;
  /** Connections still open on the server's side. */
  readonly openSockets: number;
  close(): Promise<void>;
}

function serialize(answer: RawAnswer): Buffer {
  const head = [answer.statusLine, ...answer.headers.map(([name, value]) => `${name}: ${value}`)].join(
    "\r\n",
  );
  return Buffer.concat([Buffer.from(`${head}\r\n\r\n`, "latin1"), answer.body]);
}

/** Starts a raw server on 127.0.0.1 and an ephemeral port. */
export async function startRawServer(initial: RawAnswer): Promise<RawServer> {
  const sockets = new Set<Socket>();
  const state = { answer: initial, requests: 0 };
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => {});
    // A client that hangs up: hang up too, whatever the answer said.
    socket.on("end", () => socket.end());
    let buffered = Buffer.alloc(0);
    socket.on("data", (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      for (;;) {
        const headEnd = buffered.indexOf("\r\n\r\n");
        if (headEnd < 0) return;
        const head = buffered.subarray(0, headEnd).toString("latin1");
        const length = Number(/\r\ncontent-length:\s*(\d+)/i.exec(head)?.[1] ?? 0);
        if (buffered.length < headEnd + 4 + length) return;
        buffered = buffered.subarray(headEnd + 4 + length);
        state.requests += 1;
        const answer = state.answer;
        socket.write(serialize(answer));
        if (answer.ending === "end") socket.end();
        if (answer.ending === "destroy") socket.destroy();
        if (answer.ending !== "keep-open") return;
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    get answer() {
      return state.answer;
    },
    set answer(next: RawAnswer) {
      state.answer = next;
    },
    get requests() {
      return state.requests;
    },
    set requests(n: number) {
      state.requests = n;
    },
    get openSockets() {
      return sockets.size;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
