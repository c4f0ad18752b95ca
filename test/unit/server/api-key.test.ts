import type { Request, Response } from 'express';
import { UnauthorizedError } from '../../../src/errors';
import { createKeyCheck, requireApiKey } from '../../../src/server/auth';

const KEY = 'the-sidecar-key-0123';

/** What the middleware decides for one Authorization header: pass, or the 401 message. */
function decide(authorization: string | undefined, path = '/canvas/1/execute'): string {
  const middleware = requireApiKey({ apiKey: KEY, metricsPublic: false });
  let outcome = 'no decision';
  middleware({ path, headers: authorization === undefined ? {} : { authorization } } as Request, {} as Response, (error?: unknown) => {
    outcome = error === undefined ? 'pass' : error instanceof UnauthorizedError ? error.message : `other: ${String(error)}`;
  });
  return outcome;
}

describe('management API key check', () => {
  it.each([
    ['the key', `Bearer ${KEY}`],
    ['the scheme in another case', `bearer ${KEY}`],
    ['tabs and spaces around', `Bearer \t${KEY}  `],
  ])('lets %s in', (_case, header) => {
    expect(decide(header)).toBe('pass');
  });

  it.each([
    ['the key plus a suffix', `Bearer ${KEY}x`],
    ['the key plus a suffix after a space', `Bearer ${KEY} extra`],
    ['a prefix of the key', `Bearer ${KEY.slice(0, -1)}`],
    ['the key with a prefix', `Bearer x${KEY}`],
    ['another scheme with the right key', `Token ${KEY}`],
    ['Basic with the right key', `Basic ${KEY}`],
    ['Basic with the key encoded', `Basic ${Buffer.from(KEY).toString('base64')}`],
    ['the key without a scheme', KEY],
    ['the scheme glued to the key', `Bearer${KEY}`],
    ['the key in another case', `Bearer ${KEY.toUpperCase()}`],
    ['an empty token', 'Bearer '],
  ])('refuses %s with "Invalid API key"', (_case, header) => {
    expect(decide(header)).toBe('Invalid API key');
  });

  it('asks for the key when none is sent, and leaves public paths open', () => {
    expect(decide(undefined)).toBe('Missing API key: send the header "Authorization: Bearer <SIDECAR_API_KEY>"');
    expect(decide('   ')).toBe('Missing API key: send the header "Authorization: Bearer <SIDECAR_API_KEY>"');
    expect(decide(undefined, '/healthz')).toBe('pass');
    expect(decide(undefined, '/webhook/orders')).toBe('pass');
    expect(decide(undefined, '/metrics')).toBe('Missing API key: send the header "Authorization: Bearer <SIDECAR_API_KEY>"');
  });

  it('compares whole keys', () => {
    const matches = createKeyCheck(KEY);
    expect(matches(KEY)).toBe(true);
    expect(matches(`${KEY} `)).toBe(false);
    expect(matches(KEY.slice(1))).toBe(false);
  });
});
