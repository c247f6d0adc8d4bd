import type { HttpResponse } from "./http.js";

/** A SCIM response: status, headers, the raw body and its parsed JSON. Typed responses add getters. */
export class SCIMResponse {
  /** The URL that answered. */
  readonly url: string;
  /** HTTP status code. */
  readonly statusCode: number;
  /** Response headers, lower-case names. */
  readonly headers: Record<string, string>;
  /** The body as text, `""` when there is none. */
  readonly rawBody: string;
  /** Parsed JSON body, `undefined` when there is none. */
  readonly body: unknown;

  constructor(url: string, response: HttpResponse) {
    this.url = url;
    this.statusCode = response.statusCode;
    this.headers = response.headers;
    this.rawBody = response.rawBody;
    this.body = response.body;
  }
}
