import type { CallOptions } from "../core/call-options.js";
import type { SCIMFilter } from "../filter/scim-filter.js";

/** Arguments of `searchUsers` and `searchGroups`. */
export interface SearchArgs extends CallOptions {
  /**
   * 1-based index of the first result.
   * @defaultValue 1
   */
  startIndex?: number;
  /**
   * Page size; Slack defaults to 10 and treats anything above 1,000 as 1,000.
   */
  count?: number;
  /** SCIM filter: a string (checked like a built one) or a {@link scimFilter} value. */
  filter?: string | SCIMFilter;
}

/** Arguments of `apiCall`: any request relative to the base URL. */
export interface APICallArgs extends CallOptions {
  /** HTTP method. */
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  /** Path relative to `baseUrl`, with or without a leading `/`. */
  path: string;
  /** Query parameters; `undefined` values are left out. */
  query?: Record<string, string | number | boolean | undefined>;
  /** JSON body, sent as is. */
  body?: unknown;
}
