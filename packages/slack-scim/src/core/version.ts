/** This package's version, sent in the User-Agent. A test keeps it equal to package.json. */
export const packageVersion = "0.1.0";
