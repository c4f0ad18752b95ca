import type { BinaryStore } from '../binary';
import type { ExecutionStore } from '../store/types';

/** Files younger than this may belong to a run whose record is not written yet. */
export const BINARY_SWEEP_GRACE_MS = 15 * 60_000;

/**
 * Deletes the binary files of executions that no longer exist: pruned ones, and runs whose
 * settings said not to save them. Returns how many executions' files went.
 */
export async function sweepBinaryData(store: BinaryStore, executions: Pick<ExecutionStore, 'get'>, now: number, graceMs = BINARY_SWEEP_GRACE_MS): Promise<number> {
  if (store.listExecutions === undefined) return 0;
  const gone: string[] = [];
  for (const { executionId, modifiedAt } of await store.listExecutions()) {
    if (now - modifiedAt < graceMs) continue;
    if ((await executions.get(executionId)) === undefined) gone.push(executionId);
  }
  await store.deleteExecutions(gone);
  return gone.length;
}
