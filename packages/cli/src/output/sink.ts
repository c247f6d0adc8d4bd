import { createWriteStream, type WriteStream } from "node:fs";
import { CliFailure, UsageError } from "../errors.js";
import type { OutputStream } from "../io.js";

/**
 * Where data goes: stdout or a file. Writes wait for the stream to drain when its buffer is full. Data is what
 * Slack returned, which never holds the token, so it is not scanned for it (diagnostics are).
 */
export interface Sink {
  /** Writes `text`; resolves at once unless the stream asked to wait. Writes after a closed pipe are dropped. */
  write(text: string): Promise<void>;
  /** Flushes and closes (a file); stdout stays open. */
  end(): Promise<void>;
  /** True once the reader went away (`| head` exited): nothing more is written. */
  readonly closed: boolean;
}

/**
 * Data on stdout. A reader that goes away (`EPIPE`) marks the sink closed and calls `onClosed` once, so the
 * command stops quietly; other stream errors do the same (there is nowhere left to report data to). `around`
 * runs before and after each write: when stdout and stderr share a terminal, it takes the progress bar off
 * the line while data is written, then puts it back below.
 */
export function stdoutSink(
  stream: OutputStream,
  onClosed: () => void,
  around?: { before(): void; after(): void },
): Sink {
  let closed = false;
  const onError = () => {
    if (closed) return;
    closed = true;
    onClosed();
  };
  // Stays attached after the command ends: an EPIPE can arrive after the last write returned.
  stream.on("error", onError);
  return {
    get closed() {
      return closed;
    },
    async write(text) {
      if (closed || text === "") return;
      around?.before();
      const flowing = stream.write(text);
      around?.after();
      if (flowing) return;
      await new Promise<void>((resolve) => {
        const done = () => {
          stream.off("drain", done);
          stream.off("error", done);
          resolve();
        };
        stream.on("drain", done);
        stream.on("error", done);
      });
    },
    async end() {},
  };
}

/**
 * Data in a file, created or truncated. The file is opened before anything else happens, so a bad path is a
 * usage error before any API call.
 */
export async function fileSink(path: string, shownAs: string): Promise<Sink> {
  const stream: WriteStream = createWriteStream(path);
  let failure: Error | undefined;
  stream.on("error", (error) => {
    failure = error;
  });
  await new Promise<void>((resolve, reject) => {
    stream.once("ready", () => resolve());
    stream.once("error", (error) =>
      reject(
        new UsageError(
          `cannot write --out ${shownAs}: ${(error as { code?: string }).code ?? error.message}`,
        ),
      ),
    );
  });
  const failed = (error: Error) =>
    new CliFailure(`writing ${shownAs} failed: ${(error as { code?: string }).code ?? error.message}`);
  return {
    closed: false,
    async write(text) {
      if (failure) throw failed(failure);
      if (stream.write(text)) return;
      await new Promise<void>((resolve, reject) => {
        const onDrain = () => {
          stream.off("error", onError);
          resolve();
        };
        const onError = (error: Error) => {
          stream.off("drain", onDrain);
          reject(failed(error));
        };
        stream.once("drain", onDrain);
        stream.once("error", onError);
      });
    },
    async end() {
      if (failure) throw failed(failure);
      await new Promise<void>((resolve, reject) => {
        stream.end((error?: Error | null) => (error ? reject(failed(error)) : resolve()));
      });
    },
  };
}
