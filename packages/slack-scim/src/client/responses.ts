import { describeRequest } from "../core/error-from-response.js";
import type { ErrorRequest } from "../core/errors.js";
import { SCIMResponseError } from "../core/errors.js";
import type { HttpResponse } from "../core/http.js";
import { isObject } from "../core/json.js";
import { SCIMResponse } from "../core/response.js";
import type { ResourceType, SCIMSchema, ServiceProviderConfig } from "../models/discovery.js";
import type { Group } from "../models/group.js";
import type { User } from "../models/user.js";

type Json = Record<string, unknown>;

function invalid(response: HttpResponse, request: ErrorRequest, what: string): SCIMResponseError {
  return new SCIMResponseError(
    `SCIM response unusable: ${response.statusCode} ${what}, ${describeRequest(request)}`,
    { response, request },
  );
}

/** The body as an object, or a `SCIMResponseError`. */
function objectBody(response: HttpResponse, request: ErrorRequest): Json {
  if (isObject(response.body)) return response.body;
  throw invalid(response, request, response.rawBody === "" ? "empty body" : "body is not a JSON object");
}

/** The body as an object when there is one (204 and Slack's empty 200s have none). */
function optionalObjectBody(response: HttpResponse, request: ErrorRequest): Json | undefined {
  if (response.rawBody.trim() === "" || response.body === null) return undefined;
  return objectBody(response, request);
}

function listBody(response: HttpResponse, request: ErrorRequest): Json {
  const body = objectBody(response, request);
  const resources = body["Resources"];
  if (resources !== undefined && !Array.isArray(resources))
    throw invalid(response, request, "Resources is not a list");
  return body;
}

function numberOr(value: unknown, fallback: number): number {
  return typeof value === "number" ? value : fallback;
}

/** A page of a list endpoint: the envelope's numbers and the raw `Resources`. */
abstract class ListResponse<T> extends SCIMResponse {
  readonly #list: Json;

  constructor(url: string, response: HttpResponse, request: ErrorRequest) {
    super(url, response);
    this.#list = listBody(response, request);
  }

  /** The body's `Resources` (an empty list when absent). */
  protected get resources(): T[] {
    return (this.#list["Resources"] as T[] | undefined) ?? [];
  }

  /** Total matches on the server. */
  get totalResults(): number {
    return numberOr(this.#list["totalResults"], this.resources.length);
  }

  /** Resources in this page (Slack counts what it returned, not the `count` asked for). */
  get itemsPerPage(): number {
    return numberOr(this.#list["itemsPerPage"], this.resources.length);
  }

  /** 1-based index of this page's first resource. */
  get startIndex(): number {
    return numberOr(this.#list["startIndex"], 1);
  }
}

/** `GET /Users`: one page of users. */
export class SearchUsersResponse extends ListResponse<User> {
  /** The users of this page (the body's `Resources`). */
  get users(): User[] {
    return this.resources;
  }
}

/** `GET /Groups`: one page of groups. */
export class SearchGroupsResponse extends ListResponse<Group> {
  /** The groups of this page (the body's `Resources`). */
  get groups(): Group[] {
    return this.resources;
  }
}

/** A response whose body is one user. */
abstract class UserBodyResponse extends SCIMResponse {
  /** The user as Slack returned it. */
  readonly user: User;

  constructor(url: string, response: HttpResponse, request: ErrorRequest) {
    super(url, response);
    this.user = objectBody(response, request) as User;
  }
}

/** `GET /Users/{id}`. */
export class ReadUserResponse extends UserBodyResponse {}
/** `POST /Users` (201). */
export class UserCreateResponse extends UserBodyResponse {
  /**
   * `true` when the create's outcome was unknown (connection reset or timeout after sending, 5xx, unreadable
   * 2xx) and the user was found by a lookup instead of created again; `statusCode`, `headers` and `url` are
   * then the lookup's.
   */
  readonly recovered: boolean;

  constructor(url: string, response: HttpResponse, request: ErrorRequest, recovered = false) {
    super(url, response, request);
    this.recovered = recovered;
  }
}
/** `PATCH /Users/{id}` (200 with the user). */
export class UserPatchResponse extends UserBodyResponse {}
/** `PUT /Users/{id}` (200 with the user). */
export class UserUpdateResponse extends UserBodyResponse {}

/** `DELETE /Users/{id}`: deactivates. 1.1 answers 200 with an empty body, 2.0 answers 204. */
export class UserDeleteResponse extends SCIMResponse {}

/** A response whose body is one group. */
abstract class GroupBodyResponse extends SCIMResponse {
  /** The group as Slack returned it. */
  readonly group: Group;

  constructor(url: string, response: HttpResponse, request: ErrorRequest) {
    super(url, response);
    this.group = objectBody(response, request) as Group;
  }
}

/** `GET /Groups/{id}`. */
export class ReadGroupResponse extends GroupBodyResponse {}
/** `POST /Groups` (201). */
export class GroupCreateResponse extends GroupBodyResponse {
  /**
   * `true` when the create's outcome was unknown and the group was found by its `displayName` instead of
   * created again; `statusCode`, `headers` and `url` are then the lookup's.
   */
  readonly recovered: boolean;

  constructor(url: string, response: HttpResponse, request: ErrorRequest, recovered = false) {
    super(url, response, request);
    this.recovered = recovered;
  }
}
/** `PUT /Groups/{id}`. */
export class GroupUpdateResponse extends GroupBodyResponse {}

/** `PATCH /Groups/{id}`: 1.1 answers 204 without a body, 2.0 answers 200 with the group. */
export class GroupPatchResponse extends SCIMResponse {
  /** The group, when the server returned it (SCIM 2.0); `undefined` after 1.1's 204. */
  readonly group: Group | undefined;

  constructor(url: string, response: HttpResponse, request: ErrorRequest) {
    super(url, response);
    this.group = optionalObjectBody(response, request) as Group | undefined;
  }
}

/** `DELETE /Groups/{id}` (204): removes the group; its members are untouched. */
export class GroupDeleteResponse extends SCIMResponse {}

/** `GET /ServiceProviderConfigs`: Slack's capabilities document. */
export class ServiceProviderConfigResponse extends SCIMResponse {
  /** The capabilities as Slack reports them. */
  readonly config: ServiceProviderConfig;

  constructor(url: string, response: HttpResponse, request: ErrorRequest) {
    super(url, response);
    this.config = objectBody(response, request) as ServiceProviderConfig;
  }
}

/** `GET /ResourceTypes` (2.0). */
export class ResourceTypesResponse extends SCIMResponse {
  /** The resource types (`User`, `Group`). */
  readonly resourceTypes: ResourceType[];

  constructor(url: string, response: HttpResponse, request: ErrorRequest) {
    super(url, response);
    this.resourceTypes = (listBody(response, request)["Resources"] as ResourceType[] | undefined) ?? [];
  }
}

/** One schema document (`GET /Schemas/Users`, `GET /Schemas/Groups`). */
export class SchemaResponse extends SCIMResponse {
  /** The schema document. */
  readonly schema: SCIMSchema;

  constructor(url: string, response: HttpResponse, request: ErrorRequest) {
    super(url, response);
    this.schema = objectBody(response, request) as SCIMSchema;
  }
}

/** `GET /Schemas` (2.0): every schema, from the list's `Resources`. */
export class SchemasResponse extends SCIMResponse {
  /** The schema documents. */
  readonly schemas: SCIMSchema[];

  constructor(url: string, response: HttpResponse, request: ErrorRequest) {
    super(url, response);
    this.schemas = (listBody(response, request)["Resources"] as SCIMSchema[] | undefined) ?? [];
  }
}
