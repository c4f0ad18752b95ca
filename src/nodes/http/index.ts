import type { NodeTypeDefinition } from '../../contracts/node-type';
import { httpRequestNode } from './http-request';

export { FetchHttpClient, HttpTransportError } from './fetch-client';
export { NodeApiError } from './node-api-error';

/** HTTP nodes: HTTP Request. */
export const httpNodes: NodeTypeDefinition[] = [httpRequestNode];
