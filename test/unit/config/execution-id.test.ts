import { newExecutionId } from '../../../src/ids';

describe('newExecutionId', () => {
  it('makes UUIDv7 strings that sort in creation order', () => {
    const ids = Array.from({ length: 200 }, () => newExecutionId());
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(200);
  });

  it('carries the creation time in its first 48 bits', () => {
    const before = Date.now();
    const id = newExecutionId();
    const millis = parseInt(id.replace(/-/g, '').slice(0, 12), 16);
    expect(millis).toBeGreaterThanOrEqual(before);
    expect(millis).toBeLessThanOrEqual(Date.now());
  });
});
