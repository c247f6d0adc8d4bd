export { SCIMFilter, scimFilter } from "./scim-filter.js";
export { type SlackFilterProfile, slackFilterProfiles } from "./slack-filters.js";
