import type { JsonObject, JsonValue } from '../../workflow/json';
import { baseUrl } from '../config';
import { OdooProtocolError, OdooServerError } from '../errors';
import { odooErrorFromPayload, payloadFromJson2Error } from '../error-mapping';
import { postJson, unexpectedResponse } from '../http';
import type { OdooCall, OdooTransport } from './transport';

export interface Json2TransportOptions {
  url: string;
  db: string;
  apiKey: string;
  timeoutMs: number;
}

/**
 * JSON-2 takes named arguments only. These are the positional parameter names of the ORM
 * methods the sidecar and the Odoo node call; `ids` is the recordset. Other methods are
 * called on records: their first positional argument is `ids`, the rest must be kwargs.
 */
const POSITIONAL_NAMES: Record<string, string[]> = {
  create: ['vals_list'],
  write: ['ids', 'vals'],
  unlink: ['ids'],
  read: ['ids', 'fields'],
  search: ['domain', 'offset', 'limit', 'order'],
  search_read: ['domain', 'fields', 'offset', 'limit', 'order'],
  search_count: ['domain', 'limit'],
  fields_get: ['allfields', 'attributes'],
  web_search_read: ['domain', 'specification', 'offset', 'limit', 'order', 'count_limit'],
  web_read: ['ids', 'specification'],
  name_search: ['name', 'domain', 'operator', 'limit'],
  read_group: ['domain', 'fields', 'groupby', 'offset', 'limit', 'orderby', 'lazy'],
};

/** Builds JSON-2's body from a positional call; throws when an argument has no known name. */
export function json2Body(call: OdooCall): JsonObject {
  const names = POSITIONAL_NAMES[call.method] ?? ['ids'];
  if (call.args.length > names.length) {
    throw new OdooProtocolError(
      `JSON-2 needs named arguments: pass the arguments of ${call.model}.${call.method} after the ids as kwargs`,
      { target: { model: call.model, method: call.method } },
    );
  }
  const body: JsonObject = { ...call.kwargs };
  call.args.forEach((value, index) => {
    body[names[index] as string] = value;
  });
  // create() takes a list; a single dict (the /jsonrpc habit) is wrapped, then unwrapped below.
  if (call.method === 'create' && body.vals_list !== undefined && !Array.isArray(body.vals_list)) {
    body.vals_list = [body.vals_list];
  }
  return body;
}

/** Odoo 19+'s `/json/2/<model>/<method>` with a bearer API key: stateless, one transaction per call. */
export class Json2Transport implements OdooTransport {
  readonly kind = 'json2' as const;

  constructor(private readonly options: Json2TransportOptions) {}

  async execute(call: OdooCall, signal?: AbortSignal): Promise<JsonValue> {
    const url = `${baseUrl(this.options)}/json/2/${call.model}/${call.method}`;
    const target = { model: call.model, method: call.method };
    const response = await postJson(url, json2Body(call), {
      timeoutMs: this.options.timeoutMs,
      headers: { Authorization: `bearer ${this.options.apiKey}`, 'X-Odoo-Database': this.options.db },
      signal,
      target,
    });
    if (response.status === 200) {
      if (response.body === undefined) throw unexpectedResponse(response, url, target);
      const result = response.body;
      const wrappedSingle = call.method === 'create' && call.args.length > 0 && !Array.isArray(call.args[0]);
      return wrappedSingle && Array.isArray(result) ? (result[0] ?? null) : result;
    }
    const payload = response.body === undefined ? undefined : payloadFromJson2Error(response.body);
    if (!payload) {
      if (response.status >= 500) throw new OdooServerError({ target, odooMessage: `HTTP ${response.status}` });
      throw unexpectedResponse(response, url, target);
    }
    throw odooErrorFromPayload(payload, target, this.options.db);
  }

  async close(): Promise<void> {}
}
