import type { SCIMVersion } from "../version.js";

/** The list envelope in the version's key order. */
export function renderList(
  version: SCIMVersion,
  resources: unknown[],
  totalResults: number,
  startIndex: number,
): Record<string, unknown> {
  if (version.n === 1) {
    return {
      totalResults,
      itemsPerPage: resources.length,
      startIndex,
      schemas: [version.list],
      Resources: resources,
    };
  }
  return {
    schemas: [version.list],
    Resources: resources,
    totalResults,
    itemsPerPage: resources.length,
    startIndex,
  };
}
