import { isSecretKey, redactText, redactValue } from '../../../src/logging';

describe('isSecretKey', () => {
  it.each(['password', 'ODOO_PASSWORD', 'passwd', 'pass', 'apiKey', 'api_key', 'x-api-key', 'Authorization', 'proxy-authorization', 'cookie', 'Set-Cookie', 'token', 'accessToken', 'refresh_token', 'secret', 'client_secret', 'session_id', 'privateKey'])(
    'masks %s',
    (key) => expect(isSecretKey(key)).toBe(true),
  );
  it.each(['user', 'url', 'bypass', 'passthrough', 'executionId', 'node', 'status', 'headers'])('keeps %s', (key) =>
    expect(isSecretKey(key)).toBe(false),
  );
});

describe('redactText', () => {
  it('masks auth schemes and URL passwords, keeps the rest', () => {
    expect(redactText('Authorization: Basic dXNlcjpwYXNz, next')).toBe('Authorization: Basic [REDACTED], next');
    expect(redactText('redis://default:s3cr3t@cache:6379/0')).toBe('redis://default:[REDACTED]@cache:6379/0');
    expect(redactText('GET /x?api_key=abc&access_token=t1&page=2')).toBe('GET /x?api_key=[REDACTED]&access_token=[REDACTED]&page=2');
    expect(redactText('mail user@example.com at http://odoo:8069')).toBe('mail user@example.com at http://odoo:8069');
  });
});

describe('redactValue', () => {
  it('masks nested secret keys in objects and arrays without touching the input', () => {
    const input = { user: 'admin', nested: [{ api_key: 'k', ok: 1 }], cookie: { session_id: 'x' } };
    expect(redactValue(input)).toEqual({ user: 'admin', nested: [{ api_key: '[REDACTED]', ok: 1 }], cookie: '[REDACTED]' });
    expect(input.nested[0].api_key).toBe('k');
  });

  it('marks cycles and keeps shared siblings', () => {
    const shared = { a: 1 };
    const cyclic: Record<string, unknown> = { left: shared, right: shared };
    cyclic.self = cyclic;
    expect(redactValue(cyclic)).toEqual({ left: { a: 1 }, right: { a: 1 }, self: '[Circular]' });
  });

  it('turns dates, buffers and deep structures into short text', () => {
    let deep: Record<string, unknown> = { end: true };
    for (let level = 0; level < 10; level += 1) deep = { deeper: deep };
    const result = JSON.stringify(
      redactValue({ at: new Date(Date.UTC(2025, 0, 2, 3, 4, 5)), body: Buffer.from('abc'), deep }),
    );
    expect(result).toBe(
      '{"at":"2025-01-02T03:04:05.000Z","body":"[Buffer 3 bytes]","deep":{"deeper":{"deeper":{"deeper":{"deeper":{"deeper":{"deeper":{"deeper":"[Truncated]"}}}}}}}}',
    );
  });

  it('keeps primitives as they are', () => {
    expect(redactValue(42)).toBe(42);
    expect(redactValue(null)).toBeNull();
    expect(redactValue(undefined)).toBeUndefined();
  });
});
