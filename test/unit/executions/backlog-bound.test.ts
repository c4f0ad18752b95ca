import { UnavailableError } from '../../../src/errors';
import { BacklogBound, type BacklogSource } from '../../../src/executions/backlog-bound';

const NOW = Date.UTC(2026, 0, 1, 12, 0, 0);

function bound(source: Partial<BacklogSource>, maxPending = 10): BacklogBound {
  return new BacklogBound({
    maxPending,
    now: () => NOW,
    source: () => ({ pending: 0, fileBytes: 4096, deadLetters: 0, odooReachable: true, ...source }),
  });
}

describe('BacklogBound', () => {
  it('reports the pending count, the oldest pending age and whether it accepts', () => {
    expect(bound({ pending: 3, oldestPendingAt: new Date(NOW - 12_345) }).status()).toEqual({
      pending: 3,
      maxPending: 10,
      oldestPendingSeconds: 12.3,
      fileBytes: 4096,
      deadLetters: 0,
      odooReachable: true,
      accepting: true,
    });
    expect(bound({ pending: 0 }).status().oldestPendingSeconds).toBe(0);
    expect(bound({ pending: 10, odooReachable: false, lastError: 'refused' }).status()).toMatchObject({ accepting: false, lastError: 'refused' });
  });

  it('admits while pending plus runs in flight stay under the bound, then refuses with 503 and Retry-After', () => {
    const backlog = bound({ pending: 7, oldestPendingAt: new Date(NOW - 4000) });
    expect(() => backlog.assertRoom(2)).not.toThrow();
    let refused: unknown;
    try {
      backlog.assertRoom(3);
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(UnavailableError);
    expect((refused as UnavailableError).retryAfterSeconds).toBe(5);
    expect((refused as UnavailableError).message).toBe(
      'Odoo is behind: 7 executions wait to be delivered and 3 are running (OUTBOX_MAX_PENDING=10), the oldest for 4 s; try again later',
    );
    expect(() => bound({ pending: 10 }).assertRoom()).toThrow('Odoo is behind: 10 executions wait to be delivered (OUTBOX_MAX_PENDING=10)');
  });
});
