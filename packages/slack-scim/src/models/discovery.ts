/** One `authenticationSchemes` entry of the service provider config. */
export interface AuthenticationScheme {
  /** `"oauthbearertoken"` on Slack. */
  type?: string;
  /** Human-readable name. */
  name?: string;
  /** Description. */
  description?: string;
  /** Specification URL. */
  specUrl?: string;
  /** Whether this is the primary scheme. */
  primary?: boolean;
  /** Members Slack may add later; kept exactly. */
  [key: string]: unknown;
}

/** A `{ supported }` capability block. */
export interface SupportedFeature {
  /** Whether the feature is supported. */
  supported?: boolean;
  /** Members Slack may add later; kept exactly. */
  [key: string]: unknown;
}

/**
 * Slack's capabilities document (`/ServiceProviderConfigs`), the same key set on both versions. Slack reports
 * `filter.supported: false` although filtering works.
 */
export interface ServiceProviderConfig {
  /** Authentication schemes. */
  authenticationSchemes?: AuthenticationScheme[];
  /** PATCH support. */
  patch?: SupportedFeature;
  /** Bulk support (not supported by Slack). */
  bulk?: SupportedFeature & {
    /** Most operations in one bulk request. */
    maxOperations?: number;
    /** Largest bulk request body, in bytes. */
    maxPayloadSize?: number;
  };
  /** Filter support, as Slack reports it. */
  filter?: SupportedFeature & {
    /** Most resources one filtered search returns. */
    maxResults?: number;
  };
  /** Password change support. */
  changePassword?: SupportedFeature;
  /** Sort support. */
  sort?: SupportedFeature;
  /** ETag support. */
  etag?: SupportedFeature;
  /** SCIM 1.1 XML support. */
  xmlDataFormat?: SupportedFeature;
  /** Members Slack may add later; kept exactly. */
  [key: string]: unknown;
}

/** One attribute of a schema document. */
export interface SchemaAttribute {
  /** Attribute name. */
  name?: string;
  /** SCIM type (`string`, `boolean`, `complex`, …). */
  type?: string;
  /** Whether it holds a list. */
  multiValued?: boolean;
  /** Description. */
  description?: string;
  /** Whether it is required. */
  required?: boolean;
  /** Whether comparisons are case-sensitive. */
  caseExact?: boolean;
  /** Sub-attributes of a complex attribute. */
  subAttributes?: SchemaAttribute[];
  /** Other members (`mutability`, `returned`, `readOnly`, …); kept exactly. */
  [key: string]: unknown;
}

/** A schema document (`/Schemas/Users`, `/Schemas/Groups`, or an entry of `/Schemas`). */
export interface SCIMSchema {
  /** The schema URN. */
  id?: string;
  /** Name, e.g. `User`. */
  name?: string;
  /** Description. */
  description?: string;
  /** Attributes. */
  attributes?: SchemaAttribute[];
  /** Other members; kept exactly. */
  [key: string]: unknown;
}

/** A SCIM 2.0 resource type (`/ResourceTypes`). */
export interface ResourceType {
  /** Schema URNs of this document. */
  schemas?: string[];
  /** `User` or `Group`. */
  id?: string;
  /** `User` or `Group`. */
  name?: string;
  /** `/Users` or `/Groups`. */
  endpoint?: string;
  /** Description. */
  description?: string;
  /** Core schema URN. */
  schema?: string;
  /** Extensions with their `required` flag. */
  schemaExtensions?: {
    /** Extension schema URN. */
    schema?: string;
    /** Whether every resource of this type must carry the extension. */
    required?: boolean;
    /** Other members; kept exactly. */
    [key: string]: unknown;
  }[];
  /** `location` and `resourceType`. */
  meta?: {
    /** URL of this resource type document. */
    location?: string;
    /** `ResourceType`. */
    resourceType?: string;
    /** Other members; kept exactly. */
    [key: string]: unknown;
  };
  /** Other members; kept exactly. */
  [key: string]: unknown;
}
