import type { NodeTypeDefinition } from '../../contracts/node-type';
import { graphqlNode } from './graphql.node';
import { httpRequestNode } from './http-request';
import { rssReadNode } from './rss-read.node';

export { FetchHttpClient, HttpTransportError } from './fetch-client';
export { NodeApiError } from './node-api-error';

/** HTTP nodes: HTTP Request, GraphQL, RSS Read. */
export const httpNodes: NodeTypeDefinition[] = [httpRequestNode, graphqlNode, rssReadNode];
