/** What the CLI knows of the client's errors without loading the client: their public fields. */
export interface APIErrorLike {
  /** `slack_scim_http_error`, `slack_scim_rate_limited_error`, … */
  code?: unknown;
  /** HTTP status. */
  statusCode?: unknown;
  /** Slack's error code: the first token of the description (`username_taken`). */
  errorCode?: unknown;
  /** Seconds to wait, on a 429. */
  retryAfter?: unknown;
}

const tokenHelp =
  "an org admin user token (xoxp-…) with the admin scope, in SLACK_SCIM_TOKEN or --token-file";

/** One-line remedies for the error codes Slack users hit most, by Slack's code. */
export const remedies: Readonly<Record<string, string>> = Object.freeze({
  long_username:
    "userName is longer than Slack allows (21 characters): choose a shorter one (--user-name, or userName in the file)",
  username_taken:
    "another user, active or deactivated, already has this userName (channel names count too): pick another, or reactivate theirs with `slack-scim users reactivate <ref>`",
  email_taken:
    "another user, possibly deactivated, already has this email: find them with `slack-scim users get <email>`",
  invalid_name_specials:
    "a name holds characters Slack refuses (such as @, < or >): remove them from userName, displayName or nickName",
  no_filters:
    "Slack found no usable expression in the filter: write a full one, e.g. --filter 'userName eq \"ada\"'",
  invalid_authentication: `Slack refused the token: use ${tokenHelp}; it must be installed on the org (Enterprise Grid) or the workspace (Business+), by someone who is still an owner or admin`,
  missing_authentication: `no token reached Slack: set ${tokenHelp}`,
  insufficient_scope:
    "the token lacks the admin scope: reinstall the app with the admin scope, then use its new token",
  permission_denied:
    "the token's installer cannot act on this user (an owner or admin above their role): use a token installed by an Org Owner",
  not_allowed_token_type: `this kind of token cannot call SCIM: use ${tokenHelp}`,
  cannot_disable_primary_owner:
    "the primary owner cannot be deactivated, by SCIM or otherwise: transfer ownership first",
  primary_owner_check_failure: "a workspace's primary owner cannot be deactivated: transfer ownership first",
  cannot_modify_owner:
    "owners cannot be changed through SCIM with this token: make the change in Slack's admin pages",
  cannot_disable_bot_user_with_scim: "bot users cannot be deactivated through SCIM: remove the app instead",
  plus_teams_only: "SCIM needs a Business+ or Enterprise Grid plan",
  non_org_teams_only:
    "the app is installed on one workspace of an Enterprise org: install it on the org instead",
  too_many_requests:
    "Slack's SCIM rate limit (per org, shared by every SCIM app) was hit: wait and rerun; keep --rate-limit slack so the CLI paces itself",
  resource_locked: "another write to this user or group is still being applied: retry in a few seconds",
  bad_endpoint:
    "nothing answers SCIM at this base URL: it should end in /scim/v1/ or /scim/v2/ (check --base-url)",
  unsupported_version:
    "this SCIM version is not served here: use a base URL ending in /scim/v1/ or /scim/v2/",
  no_such_user: "no user has this id: look it up with `slack-scim users get <userName or email>`",
  no_such_group: "no group has this id: list them with `slack-scim groups list`",
  unable_to_add_deleted_or_guest_to_group:
    "a deactivated user or a guest cannot join a group: reactivate them first, or leave them out",
  email_empty: "the user needs a primary email (--email, or emails in the file)",
  username_empty: "the user needs a userName (--user-name, or userName in the file)",
  missing_primary_email: "this change would leave the user without a primary email: set a new one instead",
});

/** The remedy for an API error: by Slack's code, else by status (401, 403, 429). */
export function remedyFor(error: APIErrorLike): string | undefined {
  const code = typeof error.errorCode === "string" ? error.errorCode : undefined;
  if (
    code !== "resource_locked" &&
    (error.code === "slack_scim_rate_limited_error" || error.statusCode === 429)
  ) {
    const wait = typeof error.retryAfter === "number" ? ` (Slack asked to wait ${error.retryAfter} s)` : "";
    return `${remedies["too_many_requests"]}${wait}`;
  }
  if (code && Object.hasOwn(remedies, code)) return remedies[code];
  if (error.statusCode === 401) return remedies["invalid_authentication"];
  if (error.statusCode === 403) {
    return "Slack refused this change for this token: it may lack the admin scope, or the user may rank above the token's installer";
  }
  return undefined;
}
