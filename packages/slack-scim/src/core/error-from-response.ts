import { parseErrorBody, parseRetryAfter } from "./error-body.js";
import { type ErrorRequest, SCIMHTTPError, SCIMRateLimitedError } from "./errors.js";
import type { HttpResponse } from "./http.js";

/** `POST /scim/v1/Users`: method and path only, since a query string can hold people's emails. */
export function describeRequest(request: ErrorRequest): string {
  let path = request.url;
  try {
    path = new URL(request.url).pathname;
  } catch {
    // keep the raw text; it never holds the token
  }
  return `${request.method} ${path}`;
}

/** The one place that turns a response of status 400 or above into an error. */
export function errorFromResponse(response: HttpResponse, request: ErrorRequest): SCIMHTTPError {
  const detail = parseErrorBody(response.body);
  const what =
    detail.errorCode ?? (response.body === undefined && response.rawBody !== "" ? "non-JSON body" : "");
  const message = `SCIM request failed: ${response.statusCode}${what ? ` ${what}` : ""}, ${describeRequest(request)}`;
  if (response.statusCode === 429) {
    const retryAfter = parseRetryAfter(response.headers["retry-after"]);
    return new SCIMRateLimitedError(message, { response, request, retryAfter, ...detail });
  }
  return new SCIMHTTPError(message, { response, request, ...detail });
}
