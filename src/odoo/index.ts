export * from './config';
export * from './errors';
export { createOdooClient, type OdooClient, type OdooDomain, type SearchReadOptions, type WebSearchReadResult } from './client';
export type { OdooServerVersion } from './transport-choice';
export { toOdooDatetime, fromOdooDatetime } from './datetime';
export { createOdooGateway } from './gateway';
export { CallStats } from './call-stats';
export { SIDECAR_GROUP, SIDECAR_ACCESS, OdooRightsError, OdooAddonMissingError, readSidecarRights, assertSidecarRights, type RightsReport } from './rights-check';
export { createOdooConnector } from './connector';
