import { parseErrorBody } from "./error-body.js";
import { type ErrorRequest, SCIMHTTPError, SCIMRateLimitedError } from "./errors.js";
import type { HttpResponse } from "./http.js";
import { redactUrlCredentials } from "./redact.js";
import { parseRetryAfter } from "./retry-after.js";

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

/** A `Location` as shown in a message: absolute, without credentials, query or fragment. */
function shownLocation(location: string, requestUrl: string): string {
  try {
    const url = new URL(location, requestUrl);
    return `${url.origin}${url.pathname}`;
  } catch {
    return redactUrlCredentials(location.split(/[?#]/, 1)[0] ?? "");
  }
}

function redirectMessage(response: HttpResponse, request: ErrorRequest): string {
  const location = response.headers["location"];
  const to = location === undefined ? "" : ` to ${shownLocation(location, request.url)}`;
  return (
    `SCIM request failed: ${response.statusCode}${to}; redirects are not followed (only 2xx is success: ` +
    `check baseUrl), ${describeRequest(request)}`
  );
}

/** The one place that turns a response outside 2xx (a 3xx, or 400 and above) into an error. */
export function errorFromResponse(response: HttpResponse, request: ErrorRequest): SCIMHTTPError {
  const detail = parseErrorBody(response.body);
  if (response.statusCode < 400)
    return new SCIMHTTPError(redirectMessage(response, request), { response, request, ...detail });
  const what =
    detail.errorCode ?? (response.body === undefined && response.rawBody !== "" ? "non-JSON body" : "");
  const message = `SCIM request failed: ${response.statusCode}${what ? ` ${what}` : ""}, ${describeRequest(request)}`;
  if (response.statusCode === 429) {
    const retryAfter = parseRetryAfter(response.headers["retry-after"]);
    return new SCIMRateLimitedError(message, { response, request, retryAfter, ...detail });
  }
  return new SCIMHTTPError(message, { response, request, ...detail });
}
