import { isJsonObject, type JsonObject, type JsonValue } from '../../workflow/json';
import type { OdooCallTarget } from '../errors';
import { odooErrorFromPayload, payloadFromJsonRpcError } from '../error-mapping';
import { postJson, unexpectedResponse } from '../http';

let nextRequestId = 1;

export interface JsonRpcRequestOptions {
  timeoutMs: number;
  database: string;
  target: OdooCallTarget;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

export interface JsonRpcAnswer {
  result: JsonValue;
  headers: Headers;
}

/**
 * One JSON-RPC 2.0 `call` to an Odoo route. Odoo answers errors with HTTP 200 and an `error`
 * member; a method returning None answers with no `result` at all, read here as null.
 */
export async function jsonRpc(url: string, params: JsonObject, options: JsonRpcRequestOptions): Promise<JsonRpcAnswer> {
  const response = await postJson(
    url,
    { jsonrpc: '2.0', method: 'call', params, id: nextRequestId++ },
    { timeoutMs: options.timeoutMs, headers: options.headers, signal: options.signal, target: options.target },
  );
  const body = response.body;
  if (!isJsonObject(body) || body.jsonrpc !== '2.0') throw unexpectedResponse(response, url, options.target);
  if (body.error !== undefined && body.error !== null) {
    throw odooErrorFromPayload(payloadFromJsonRpcError(body.error), options.target, options.database);
  }
  return { result: body.result ?? null, headers: response.headers };
}
