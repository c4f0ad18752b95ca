import type { ExecutionMode } from '../contracts/run-data';
import type { StoredExecutionStatus } from '../store/types';
import type { WorkflowSettingsJson } from '../workflow/types';

/**
 * The canvas' save settings (n8n's saveManualExecutions, saveDataSuccessExecution,
 * saveDataErrorExecution). A parked run is always saved: it could not resume otherwise.
 */
export function saveDecision(settings: WorkflowSettingsJson, mode: ExecutionMode, status: StoredExecutionStatus): boolean {
  if (status === 'waiting') return true;
  if (mode === 'manual' && settings.saveManualExecutions === false) return false;
  if (status === 'success') return settings.saveDataSuccessExecution !== 'none';
  if (status === 'error' || status === 'crashed' || status === 'cancelled') return settings.saveDataErrorExecution !== 'none';
  return true;
}
