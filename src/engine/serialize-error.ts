/** @deprecated Moved to src/contracts/serialize-error.ts; this shim goes at the end of the session. */ export * from '../contracts/serialize-error';
