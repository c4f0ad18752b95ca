import fs from 'node:fs';
import path from 'node:path';
import nock from 'nock';
import type { JsonValue } from '../../../src/workflow/json';
import { normalizeRequest, type RecordedExchange, type RecordedFixture } from './exchanges';

/** Where the replayed Odoo "lives"; the recorded paths are served under it. */
export const REPLAY_URL = 'http://odoo.replay.test:8069';
/** The credentials the tests use; requests are compared with secrets normalised away. */
export const REPLAY_CONFIG = {
  url: REPLAY_URL,
  db: 'automator',
  user: 'sidecar',
  password: 'test-password',
  apiKey: 'test-api-key',
};

export function loadFixture(name: string): RecordedFixture {
  const file = path.join(__dirname, '..', 'fixtures', `${name}.json`);
  return JSON.parse(fs.readFileSync(file, 'utf8')) as RecordedFixture;
}

/**
 * Serves the recorded exchanges, in order, each only for the very request that was
 * recorded (same path, same body once the JSON-RPC id and secrets are set aside): a client
 * that sends anything else gets nock's "no match" error. Returns the scope to assert on.
 */
export function replay(exchanges: RecordedExchange[], url = REPLAY_URL): nock.Scope {
  const scope = nock(url);
  for (const exchange of exchanges) {
    scope
      .post(exchange.path, (body: JsonValue) => canonical(normalizeRequest(body)) === canonical(exchange.requestBody))
      .reply(exchange.status, exchange.responseBody as nock.Body, exchange.responseHeaders);
  }
  return scope;
}

/** JSON with sorted keys: nock parses bodies in another realm, so compare text, not objects. */
export function canonical(value: JsonValue | null): string {
  return JSON.stringify(value, (_key, inner: JsonValue) =>
    inner !== null && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : inner,
  );
}

/** Unanswered interceptors, to show in a failed assertion. */
export function pendingOf(scope: nock.Scope): string[] {
  return scope.pendingMocks();
}
