/** @deprecated Moved to src/contracts/run-data.ts; this shim goes at the end of the session. */ export type * from '../contracts/run-data';
