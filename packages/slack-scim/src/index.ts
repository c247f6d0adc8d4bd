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
export {
  type RateLimitName,
  type RateLimitRule,
  type RateLimitTable,
  rateLimitsFor,
  slackRateLimits,
} from "./ratelimit/slack-limits.js";
