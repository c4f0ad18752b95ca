/** @deprecated Moved to src/contracts/node-services.ts; this shim goes at the end of the session. */ export type * from '../contracts/node-services';
