import { prepareBinary } from '../binary-helpers';
import { setTimeout as sleep } from 'node:timers/promises';
import { NodeOperationError, errorMessage } from '../../errors';
import type { JsonObject } from '../../workflow/json';
import type { Item } from '../../contracts/run-data';
import type { HttpClient, HttpResponse } from '../../contracts/node-services';
import type { NodeContext, NodeResult, NodeTypeDefinition } from '../../contracts/node-type';
import { FetchHttpClient } from './fetch-client';
import { NodeApiError, httpStatusError, rawStatusMessage, transportFailure } from './node-api-error';
import { batchingOf, buildRequest, responseSettings, type PreparedRequest } from './request';
import { responseToItems } from './response';

/**
 * HTTP Request (n8n-nodes-base.httpRequest v3, v4 to v4.5). As in n8n, every item's request
 * is built and started first, then the answers are turned into items in item order; the
 * first failure stops the node unless it continues on fail. Pagination is not supported.
 */

const fallbackClient = new FetchHttpClient();

const TOO_MANY_REQUESTS = "Try spacing your requests out using the batching settings under 'Options'";

type Prepared = { request: PreparedRequest; response: Promise<HttpResponse> } | { buildError: string };

/** A client's failure (not a cancellation); checked by shape, errors may come from another realm. */
function isRequestFailure(error: unknown): error is Error & { code?: string } {
  if (typeof error !== 'object' || error === null) return false;
  const { name, message } = error as { name?: unknown; message?: unknown };
  return typeof message === 'string' && name !== 'AbortError';
}

function isSuccess(response: HttpResponse): boolean {
  return response.statusCode >= 200 && response.statusCode < 300;
}

/**
 * What n8n's continue-on-fail item holds for a failed request: its AxiosError as JSON. A
 * request that got no answer keeps the system error's name ("Error"), as axios wraps it.
 */
function requestErrorJson(response: HttpResponse | undefined, error: Error & { code?: string }, message: string): JsonObject {
  const json: JsonObject = { message, name: response ? 'AxiosError' : 'Error' };
  if (response) {
    const code = response.statusCode >= 500 ? 'ERR_BAD_RESPONSE' : response.statusCode >= 400 ? 'ERR_BAD_REQUEST' : undefined;
    if (code) json.code = code;
    json.status = response.statusCode;
  } else if (error.code) {
    json.code = error.code;
  }
  return json;
}

function errorDetails(error: NodeApiError, body: string | undefined): JsonObject {
  const details: JsonObject = { message: error.message };
  if (error.description) details.description = error.description;
  details.httpCode = error.httpCode;
  if (body !== undefined) {
    try {
      details.body = JSON.parse(body) as JsonObject;
    } catch {
      details.body = body;
    }
  }
  details.context = error.itemIndex === undefined ? {} : { itemIndex: error.itemIndex };
  return details;
}

async function startRequests(ctx: NodeContext, client: HttpClient, items: Item[], streamFiles: boolean): Promise<Prepared[]> {
  const batching = ctx.getParam('options.batching', 0, undefined) !== undefined ? batchingOf(ctx) : undefined;
  const prepared: Prepared[] = [];
  for (const [itemIndex, item] of items.entries()) {
    let request: PreparedRequest;
    try {
      request = await buildRequest(ctx, item, itemIndex);
    } catch (error) {
      if (!ctx.continueOnFail()) throw error;
      prepared.push({ buildError: errorMessage(error) });
      continue;
    }
    if (batching && batching.intervalMs > 0 && itemIndex > 0 && itemIndex % batching.size === 0) {
      await sleep(batching.intervalMs, undefined, { signal: ctx.signal });
    }
    if (streamFiles) request.options.streamBody = true;
    const response = request.send ? request.send(client, request.options) : client.request(request.options);
    // Settled later, in item order; until then a rejection must not count as unhandled.
    response.catch(() => undefined);
    prepared.push({ request, response });
  }
  return prepared;
}

/** Options this service cannot honour fail loudly rather than change the result silently. */
function refuseUnsupported(ctx: NodeContext): void {
  const paginationMode = ctx.getRawParam('options.pagination.pagination.paginationMode');
  if (ctx.getRawParam('options.pagination') !== undefined && paginationMode !== 'off') {
    throw new NodeOperationError(ctx.node.name, 'Pagination is not supported by this service', {
      description: 'Remove the "Pagination" option, or page with a loop (Loop Over Items or an IF back to this node).',
    });
  }
  if (ctx.getRawParam('provideSslCertificates') === true) {
    throw new NodeOperationError(ctx.node.name, 'Client SSL certificates are not supported by this service');
  }
}

async function execute(ctx: NodeContext): Promise<NodeResult> {
  refuseUnsupported(ctx);
  const items = ctx.getInputItems();
  const client = ctx.services.http ?? fallbackClient;
  const settings = responseSettings(ctx);
  // Response format "File": downloads stream to the binary store (MAX_BINARY_BYTES checked as they arrive).
  const prepared = await startRequests(ctx, client, items, settings.format === 'file');
  try {
    return await collectResponses(ctx, items, prepared, settings);
  } finally {
    // Bodies left unread (a failure stopped the node first) are released, not left to the timeout.
    for (const entry of prepared) if ('response' in entry) entry.response.then((response) => response.bodyStream?.destroy(), () => undefined);
  }
}

async function collectResponses(ctx: NodeContext, items: Item[], prepared: Prepared[], settings: ReturnType<typeof responseSettings>): Promise<NodeResult> {
  const version = ctx.node.typeVersion;
  const output: Item[] = [];
  for (const [itemIndex, entry] of prepared.entries()) {
    const pairedItem = { item: itemIndex };
    if ('buildError' in entry) {
      output.push({ json: { error: entry.buildError }, pairedItem });
      continue;
    }
    try {
      let response: HttpResponse | undefined;
      let failure: NodeApiError | undefined;
      let failureJson: JsonObject | undefined;
      try {
        response = await entry.response;
      } catch (error) {
        // Cancellation is the run's business, not a failed request.
        if (!isRequestFailure(error) || ctx.signal.aborted) throw error;
        failure = transportFailure(ctx.node.name, error, itemIndex);
        failureJson = requestErrorJson(undefined, error, error.message);
      }
      if (response && !isSuccess(response) && !entry.request.neverError) {
        const bodyText = response.body.toString('utf8');
        const raw = response.statusCode === 429 ? TOO_MANY_REQUESTS : rawStatusMessage(response.statusCode, bodyText);
        failure = httpStatusError(ctx.node.name, response.statusCode, bodyText, itemIndex, raw);
        failureJson = requestErrorJson(response, failure, raw);
      }
      if (failure) {
        if (!ctx.continueOnFail()) throw failure;
        const json: JsonObject = { error: failureJson ?? { message: failure.message } };
        if (version >= 4.5) json.details = errorDetails(failure, response?.body.toString('utf8'));
        output.push({ json, pairedItem });
        continue;
      }
      output.push(
        ...(await responseToItems(
          response as HttpResponse,
          { nodeName: ctx.node.name, itemIndex, item: items[itemIndex], url: entry.request.options.url, ...settings },
          (body, fields) => prepareBinary(ctx, body, { described: fields }, itemIndex),
        )),
      );
    } catch (error) {
      if (!ctx.continueOnFail() || ctx.signal.aborted) throw error;
      output.push({ json: { error: errorMessage(error) }, pairedItem });
    }
  }
  return [output];
}

export const httpRequestNode: NodeTypeDefinition = {
  type: 'n8n-nodes-base.httpRequest',
  aliases: ['httpRequest'],
  displayName: 'HTTP Request',
  versions: [3, 4, 4.1, 4.2, 4.3, 4.4, 4.5],
  execute,
};
