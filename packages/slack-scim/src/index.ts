export type { APICallArgs, SearchArgs } from "./client/args.js";
export type { SCIMClientOptions } from "./client/options.js";
export { maxPageSize, type PaginateArgs } from "./client/pagination.js";
export {
  GroupCreateResponse,
  GroupDeleteResponse,
  GroupPatchResponse,
  GroupUpdateResponse,
  ReadGroupResponse,
  ReadUserResponse,
  ResourceTypesResponse,
  SchemaResponse,
  SchemasResponse,
  SearchGroupsResponse,
  SearchUsersResponse,
  ServiceProviderConfigResponse,
  UserCreateResponse,
  UserDeleteResponse,
  UserPatchResponse,
  UserUpdateResponse,
} from "./client/responses.js";
export type { WaitForUserOptions } from "./client/wait-for-user.js";
export type { CallOptions } from "./core/call-options.js";
export {
  type CreateRecoveredMessage,
  DiagnosticsChannel,
  type RateLimitWaitMessage,
  type RequestErrorMessage,
  type RequestMessage,
  type RequestResponseMessage,
  type RequestStartMessage,
  type RetryScheduledMessage,
} from "./core/diagnostics.js";
export {
  ErrorCode,
  type ErrorRequest,
  isSCIMError,
  PatchPathError,
  SCIMError,
  type SCIMErrorDetail,
  SCIMFilterError,
  SCIMHTTPError,
  SCIMRateLimitedError,
  SCIMRateLimitStoreError,
  SCIMRequestError,
  SCIMResponseError,
  SCIMTimeoutError,
  SCIMWaitTimeoutError,
  SyncInputError,
  type SyncInputIssue,
  type SyncRefusal,
  SyncRefusedError,
  type TimeoutPhase,
  type WaitedResource,
} from "./core/errors.js";
export type { FetchLike } from "./core/fetch-transport.js";
export type { HttpRequest, HttpResponse } from "./core/http.js";
export { ConsoleLogger, type Logger, LogLevel } from "./core/logger.js";
export { SCIMResponse } from "./core/response.js";
export type { TLSOptions } from "./core/undici-transport.js";
export { packageVersion } from "./core/version.js";
export {
  SCIMFilter,
  type SlackFilterProfile,
  scimFilter,
  slackFilterProfiles,
} from "./filter/index.js";
export type {
  AuthenticationScheme,
  ResourceType,
  SCIMSchema,
  SchemaAttribute,
  ServiceProviderConfig,
  SupportedFeature,
} from "./models/discovery.js";
export type { Group, GroupMember, GroupMeta } from "./models/group.js";
export { SCIM1Schemas, SCIM2Schemas } from "./models/schemas.js";
export type {
  EnterpriseExtension,
  GuestExtension,
  ProfileExtension,
  User,
  UserAddress,
  UserEmail,
  UserGroup,
  UserMeta,
  UserName,
  UserPhoneNumber,
  UserPhoto,
  UserRole,
} from "./models/user.js";
export type { RateLimitRules } from "./ratelimit/limiter.js";
export { MemoryRateLimitStore } from "./ratelimit/memory-store.js";
export { type RateLimitOption, type RateLimitSettings, scaleRateLimits } from "./ratelimit/options.js";
export {
  type RateLimitName,
  type RateLimitRule,
  type RateLimitTable,
  rateLimitsFor,
  slackRateLimits,
} from "./ratelimit/slack-limits.js";
export type {
  RateLimitBuckets,
  RateLimitDemand,
  RateLimitGrants,
  RateLimitSlowDown,
  RateLimitSnapshot,
  RateLimitStore,
} from "./ratelimit/store.js";
export {
  allBuiltinRetryHandlers,
  ConnectionErrorRetryHandler,
  defaultRetryHandlers,
  RateLimitErrorRetryHandler,
  type RateLimitErrorRetryHandlerOptions,
  ServerErrorRetryHandler,
  type ServerErrorRetryHandlerOptions,
} from "./retry/builtin-handlers.js";
export {
  type RetryContext,
  RetryHandler,
  type RetryHandlerOptions,
  type RetryState,
} from "./retry/handler.js";
export {
  BackoffRetryIntervalCalculator,
  type BackoffRetryIntervalCalculatorOptions,
  FixedValueRetryIntervalCalculator,
  type RetryIntervalCalculator,
} from "./retry/interval-calculators.js";
export { type Jitter, RandomJitter, type RandomJitterOptions } from "./retry/jitter.js";
export { type SCIM1SchemaDocuments, SCIMClient } from "./v1/client.js";
export { SCIM2Client } from "./v2/client.js";
