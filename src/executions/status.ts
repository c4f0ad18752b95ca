import type { ExecutionStatus, TaskStatus } from '../contracts/run-data';
import type { LogStatus, StoredExecutionStatus } from '../store/types';

/**
 * The one place where the two spellings of the cancelled status meet. The engine and the
 * n8n format (`GET /executions/...`) say n8n's `canceled`; the store, the Odoo field and
 * the execute/retry answers say the seed's `cancelled`. Everything else uses one of them.
 */
export const STORED_STATUSES = ['queued', 'running', 'waiting', 'success', 'error', 'cancelled', 'crashed'] as const satisfies readonly StoredExecutionStatus[];

export function toStoredStatus(status: ExecutionStatus): StoredExecutionStatus {
  switch (status) {
    case 'canceled':
      return 'cancelled';
    case 'new':
      return 'queued';
    default:
      return status;
  }
}

export function toN8nStatus(status: StoredExecutionStatus): ExecutionStatus {
  return status === 'cancelled' ? 'canceled' : status;
}

/** A status as a caller wrote it (a list filter), in either spelling; undefined when unknown. */
export function storedStatusOf(text: string): StoredExecutionStatus | undefined {
  const stored = text === 'canceled' ? 'cancelled' : text;
  return STORED_STATUSES.find((status) => status === stored);
}

/** An `execution_logs` row's status for a node run (a running or crashed task logs as success). */
export function logStatusOf(status: TaskStatus): LogStatus {
  switch (status) {
    case 'error':
    case 'waiting':
      return status;
    case 'canceled':
      return 'cancelled';
    default:
      return 'success';
  }
}
