/** This package's version, printed by `slack-scim --version`. A test keeps it equal to package.json. */
export const cliVersion = "0.1.0";
