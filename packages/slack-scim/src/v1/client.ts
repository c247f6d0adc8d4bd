import { BaseSCIMClient, type VersionSpec } from "../client/base-client.js";
import type { SCIMClientOptions } from "../client/options.js";
import { GroupPatchResponse, SchemaResponse, UserPatchResponse } from "../client/responses.js";
import type { CallOptions } from "../core/call-options.js";
import { encodeId } from "../core/ids.js";
import type { Group } from "../models/group.js";
import { SCIM1Schemas } from "../models/schemas.js";
import type { User } from "../models/user.js";
import { type PatchOperation, toSCIM1Patch } from "../patch/index.js";

const spec: VersionSpec = {
  name: "SCIMClient",
  defaultBaseUrl: "https://api.slack.com/scim/v1/",
  userSchemas: [SCIM1Schemas.Core],
  groupSchemas: [SCIM1Schemas.Core],
  serviceProviderConfigPath: "ServiceProviderConfigs",
  scimVersion: 1,
};

/** The two 1.1 schema documents. */
export interface SCIM1SchemaDocuments {
  /** `GET /Schemas/Users`. */
  users: SchemaResponse;
  /** `GET /Schemas/Groups`. */
  groups: SchemaResponse;
}

/**
 * Client for Slack's SCIM 1.1 API (`https://api.slack.com/scim/v1/`), with the Python Slack SDK's method names
 * in camelCase.
 *
 * @example
 * ```ts
 * const client = new SCIMClient(process.env.SLACK_ORG_ADMIN_USER_TOKEN);
 * const { users } = await client.searchUsers({ count: 100, filter: 'userName eq "ada"' });
 * ```
 */
export class SCIMClient extends BaseSCIMClient {
  /**
   * @param token - An org admin user token (`xoxp-…`) with the `admin` scope. A missing token is a `TypeError`
   *   at the first call.
   * @param options - See {@link SCIMClientOptions}.
   */
  constructor(token?: string, options?: SCIMClientOptions) {
    super(spec, token, options);
  }

  /**
   * Changes some attributes of a user. Takes a SCIM 1.1 partial resource (attributes left out stay as they are;
   * `"operation": "delete"` on a multi-valued entry removes it; `meta.attributes` lists attributes to clear), or
   * the RFC 7644 operations `SCIM2Client` takes, translated into that form; an operation 1.1 cannot express is
   * a `TypeError` before any request.
   *
   * @example
   * ```ts
   * await client.patchUser("W0123ABCDEF", { title: "Principal", active: true });
   * ```
   */
  async patchUser(
    id: string,
    change: User | readonly PatchOperation[],
    options: CallOptions = {},
  ): Promise<UserPatchResponse> {
    const body = toSCIM1Patch(change, "User", { resource: "User", allowUnknownAttributes: true });
    return this.send(UserPatchResponse, "PATCH", `Users/${encodeId(id)}`, options, body);
  }

  /**
   * Changes a group: a SCIM 1.1 partial resource (members listed are added, members with
   * `"operation": "delete"` removed, `displayName` renames) or RFC 7644 operations, translated. Slack answers
   * 204 without a body.
   */
  async patchGroup(
    id: string,
    change: Group | readonly PatchOperation[],
    options: CallOptions = {},
  ): Promise<GroupPatchResponse> {
    const body = toSCIM1Patch(change, "Group", { resource: "Group", allowUnknownAttributes: true });
    return this.send(GroupPatchResponse, "PATCH", `Groups/${encodeId(id)}`, options, body);
  }

  /** The 1.1 schema documents of users and groups (`/Schemas/Users`, `/Schemas/Groups`). */
  async getSchemas(options: CallOptions = {}): Promise<SCIM1SchemaDocuments> {
    return this.withinDeadline(options, { method: "GET", path: "Schemas" }, async (call) => {
      const [users, groups] = await Promise.all([
        this.send(SchemaResponse, "GET", "Schemas/Users", call),
        this.send(SchemaResponse, "GET", "Schemas/Groups", call),
      ]);
      return { users, groups };
    });
  }
}
