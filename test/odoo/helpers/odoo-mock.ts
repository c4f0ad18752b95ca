import nock from 'nock';
import { isJsonObject, type JsonObject, type JsonValue } from '../../../src/workflow/json';
import type { RecordedExchange } from './exchanges';
import { loadFixture, REPLAY_URL } from './replay';

/**
 * Building blocks for behaviour tests (retries, batching, outages) made of recorded Odoo 18
 * answers: the login exchange and error envelopes come from the fixtures, so only the
 * results the test needs are its own.
 */
export function recordedExchange(fixture: string, path: string): RecordedExchange {
  const found = loadFixture(fixture).exchanges.find((exchange) => exchange.path === path);
  if (!found) throw new Error(`fixture ${fixture} has no exchange on ${path}`);
  return found;
}

/** The JSON-RPC error body Odoo sent for a probe's failing call. */
export function recordedErrorBody(probe: string): JsonObject {
  const exchanges = loadFixture(`probe-${probe}`).exchanges;
  const failing = [...exchanges].reverse().find((exchange) => isJsonObject(exchange.responseBody) && 'error' in exchange.responseBody);
  if (!failing) throw new Error(`probe ${probe} recorded no error`);
  return structuredClone(failing.responseBody) as JsonObject;
}

/** Odoo's error envelope with another exception name and message (for kinds that cannot be provoked live). */
export function errorBody(name: string, message: string): JsonObject {
  const body = recordedErrorBody('valueError');
  const data = (body.error as JsonObject).data as JsonObject;
  data.name = name;
  data.message = message;
  data.arguments = [message];
  return body;
}

export function resultBody(result: JsonValue): JsonObject {
  return { jsonrpc: '2.0', id: null, result };
}

/** The recorded session login answer (cookie included). */
export function mockLogin(scope: nock.Scope = nock(REPLAY_URL)): nock.Scope {
  const login = recordedExchange('probe-sessionSearchRead', '/web/session/authenticate');
  return scope.post('/web/session/authenticate').reply(200, login.responseBody as nock.Body, login.responseHeaders);
}

export interface KwCall {
  model: string;
  method: string;
  args: JsonValue[];
  kwargs: JsonObject;
}

/** Answers `/web/dataset/call_kw/<model>/<method>` calls with `answer(call)`, recording each call. */
export function mockCallKw(
  model: string,
  method: string,
  answer: (call: KwCall) => JsonObject,
  calls: KwCall[] = [],
  scope: nock.Scope = nock(REPLAY_URL),
): KwCall[] {
  scope
    .persist()
    .post(`/web/dataset/call_kw/${model}/${method}`)
    .reply((_uri, body) => {
      const params = (body as { params: KwCall }).params;
      calls.push(params);
      return [200, answer(params)];
    });
  return calls;
}
