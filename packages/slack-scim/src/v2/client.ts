import { BaseSCIMClient, type VersionSpec } from "../client/base-client.js";
import type { SCIMClientOptions } from "../client/options.js";
import {
  GroupPatchResponse,
  ResourceTypesResponse,
  SchemasResponse,
  ServiceProviderConfigResponse,
  UserPatchResponse,
} from "../client/responses.js";
import type { CallOptions } from "../core/call-options.js";
import { SCIMHTTPError } from "../core/errors.js";
import { encodeId } from "../core/ids.js";
import { SCIM2Schemas } from "../models/schemas.js";
import { createPatchRequest, type PatchOperation, type PatchRequest } from "../patch/index.js";

const spec: VersionSpec = {
  name: "SCIM2Client",
  defaultBaseUrl: "https://api.slack.com/scim/v2/",
  userSchemas: [SCIM2Schemas.User],
  groupSchemas: [SCIM2Schemas.Group],
  serviceProviderConfigPath: "ServiceProviderConfigs",
  scimVersion: 2,
};

// Paths are checked for syntax and read-only targets before sending; attributes Slack may add later pass.
function patchBody(operations: readonly PatchOperation[], resource: "User" | "Group"): PatchRequest {
  return createPatchRequest(operations, { resource, allowUnknownAttributes: true });
}

/**
 * Client for Slack's SCIM 2.0 API (`https://api.slack.com/scim/v2/`): the same pipeline, errors, retries and
 * options as {@link SCIMClient}, with 2.0 paths, schemas and RFC 7644 PATCH operations.
 *
 * @example
 * ```ts
 * const client = new SCIM2Client(process.env.SLACK_ORG_ADMIN_USER_TOKEN);
 * await client.patchUser("W0123ABCDEF", [{ op: "replace", path: "active", value: false }]);
 * ```
 */
export class SCIM2Client extends BaseSCIMClient {
  /**
   * @param token - An org admin user token (`xoxp-…`) with the `admin` scope.
   * @param options - See {@link SCIMClientOptions}.
   */
  constructor(token?: string, options?: SCIMClientOptions) {
    super(spec, token, options);
  }

  /**
   * Applies RFC 7644 operations to a user (sent as a `PatchOp` message); resolves with the whole user. A path
   * that breaks the grammar or targets a read-only attribute is a `TypeError` before any request.
   *
   * @example
   * ```ts
   * await client.patchUser(id, [replace("active", false), replacePrimaryEmail("ada@new.example")]);
   * ```
   */
  async patchUser(
    id: string,
    operations: readonly PatchOperation[],
    options: CallOptions = {},
  ): Promise<UserPatchResponse> {
    return this.send(
      UserPatchResponse,
      "PATCH",
      `Users/${encodeId(id)}`,
      options,
      patchBody(operations, "User"),
    );
  }

  /** Applies RFC 7644 operations to a group (members, `displayName`); resolves with the group. */
  async patchGroup(
    id: string,
    operations: readonly PatchOperation[],
    options: CallOptions = {},
  ): Promise<GroupPatchResponse> {
    return this.send(
      GroupPatchResponse,
      "PATCH",
      `Groups/${encodeId(id)}`,
      options,
      patchBody(operations, "Group"),
    );
  }

  /**
   * Slack's capabilities document. Slack serves it at `/ServiceProviderConfigs` (observed) and documents
   * `/ServiceProviderConfig`; the singular is tried when the plural answers 404.
   */
  override async getServiceProviderConfig(options: CallOptions = {}): Promise<ServiceProviderConfigResponse> {
    const where = { method: "GET", path: "ServiceProviderConfigs" };
    return this.withinDeadline(options, where, async (call) => {
      try {
        return await super.getServiceProviderConfig(call);
      } catch (error) {
        if (!(error instanceof SCIMHTTPError) || error.statusCode !== 404) throw error;
        return this.send(ServiceProviderConfigResponse, "GET", "ServiceProviderConfig", call);
      }
    });
  }

  /** Every schema Slack supports (`GET /Schemas`). */
  async getSchemas(options: CallOptions = {}): Promise<SchemasResponse> {
    return this.send(SchemasResponse, "GET", "Schemas", options);
  }

  /** The resource types (`GET /ResourceTypes`). */
  async getResourceTypes(options: CallOptions = {}): Promise<ResourceTypesResponse> {
    return this.send(ResourceTypesResponse, "GET", "ResourceTypes", options);
  }
}
