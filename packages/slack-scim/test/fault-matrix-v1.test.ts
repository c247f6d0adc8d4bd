/**
 * The fault matrix on SCIM 1.1: every fault of `helpers/fault-rules.ts` against every method kind, with three
 * sets of retry handlers, against one loopback server. Expected outcomes come from the rules; see
 * `docs/reliability.md` for the table.
 */
import { defineFaultMatrix } from "./helpers/fault-matrix.js";

defineFaultMatrix(1);
