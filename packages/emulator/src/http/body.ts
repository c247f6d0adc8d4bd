import { EmulatorHTTPError } from "../errors.js";

/** Largest request body the emulator reads (10 MiB); a bigger one gets 413. */
export const maxBodyBytes = 10 * 1024 * 1024;

function abortedWhileReading(): EmulatorHTTPError {
  return new EmulatorHTTPError(400, "invalid_request_payload", {
    message: "invalid_request_payload (the request was aborted while its body was read)",
  });
}

/**
 * One request's body, read at most once. Reading stops as soon as the body passes the limit: the rest is never
 * read, and {@link RequestBody.abandoned} tells the adapter to close the connection after its answer.
 */
export class RequestBody {
  readonly #stream: ReadableStream<Uint8Array> | null;
  readonly #signal: AbortSignal;
  readonly #declared: number | undefined;
  #abandoned = false;

  /**
   * @param stream - The body, `null` for none.
   * @param signal - Aborted when the client goes away: a read then stops at once with 400.
   * @param contentLength - The `Content-Length` header, if any: a body declared over the limit is refused
   *   before a byte of it is read.
   */
  constructor(stream: ReadableStream<Uint8Array> | null, signal: AbortSignal, contentLength: string | null) {
    this.#stream = stream;
    this.#signal = signal;
    const declared = contentLength === null ? Number.NaN : Number(contentLength);
    this.#declared = Number.isSafeInteger(declared) && declared >= 0 ? declared : undefined;
  }

  /** Whether the request carries a body (a declared length of 0 is none). */
  get present(): boolean {
    return this.#stream !== null && this.#declared !== 0;
  }

  /** Whether reading stopped part-way through the body (over the limit): the connection must be closed. */
  get abandoned(): boolean {
    return this.#abandoned;
  }

  /**
   * The body as text, at most `limit` bytes. A bigger body is refused with 413 `invalid_request_payload` as soon
   * as it passes the limit (at once when its `Content-Length` says so), and the rest is left unread.
   */
  async text(limit = maxBodyBytes): Promise<string> {
    if (this.#declared !== undefined && this.#declared > limit) {
      this.#abandon();
      throw tooLarge(`the body is ${this.#declared} bytes; the emulator reads at most ${limit}`);
    }
    const chunks: Uint8Array[] = [];
    let size = 0;
    const over = await this.#read((chunk) => {
      size += chunk.byteLength;
      if (size > limit) return false;
      chunks.push(chunk);
      return true;
    });
    if (over) throw tooLarge(`the body is over ${limit} bytes; the emulator reads at most ${limit}`);
    return new TextDecoder().decode(Buffer.concat(chunks));
  }

  /** Reads what is left of the body and throws it away (nothing is kept). */
  async discard(): Promise<void> {
    if (this.#abandoned) return;
    await this.#read(() => true);
  }

  #abandon(): void {
    this.#abandoned = true;
    this.#stream?.cancel().catch(() => {});
  }

  /** Feeds each chunk to `take` until the end or until `take` says stop; true when it stopped early. */
  async #read(take: (chunk: Uint8Array) => boolean): Promise<boolean> {
    const stream = this.#stream;
    if (stream === null || stream.locked) return false;
    const signal = this.#signal;
    const reader = stream.getReader();
    let onAbort: (() => void) | undefined;
    const aborted = new Promise<never>((_, reject) => {
      onAbort = () => reject(abortedWhileReading());
      if (signal.aborted) onAbort();
      else signal.addEventListener("abort", onAbort, { once: true });
    });
    aborted.catch(() => {});
    try {
      for (;;) {
        const { done, value } = await Promise.race([reader.read(), aborted]);
        if (done) return false;
        if (!take(value)) {
          this.#abandoned = true;
          reader.cancel().catch(() => {});
          return true;
        }
      }
    } catch (error) {
      reader.cancel().catch(() => {});
      throw error;
    } finally {
      signal.removeEventListener("abort", onAbort as () => void);
      reader.releaseLock();
    }
  }
}

function tooLarge(why: string): EmulatorHTTPError {
  return new EmulatorHTTPError(413, "invalid_request_payload", {
    message: `invalid_request_payload (${why})`,
  });
}
