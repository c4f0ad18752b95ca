import type { ExecutionCustomData } from '../contracts/node-type';
import type { ExecutionMode, RunExecutionData } from '../contracts/run-data';

/**
 * n8n's execution custom data (the Execution Data node, `$execution.customData`): at most 10
 * keys of letters, digits and underscores, string values, kept in `resultData.metadata` and
 * saved with the execution. Keys are cut to 50 characters and values to 512, as n8n does.
 */
export const CUSTOM_DATA_MAX_KEYS = 10;

export class InvalidCustomDataError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidExecutionMetadataError';
  }
}

function setOne(state: RunExecutionData, key: unknown, value: unknown): void {
  const metadata = (state.resultData.metadata ??= {});
  // A new key past the limit is dropped silently, as in n8n.
  if (typeof key === 'string' && !(key in metadata) && Object.keys(metadata).length >= CUSTOM_DATA_MAX_KEYS) return;
  if (typeof key !== 'string') throw new InvalidCustomDataError(`Custom data keys must be a string (key "${String(key)}")`);
  if (key.replace(/[\p{L}\p{N}\p{M}_]/gu, '').length !== 0) {
    throw new InvalidCustomDataError(`Custom data key can only contain letters, numbers, and underscores (key "${key}")`);
  }
  if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'bigint') {
    throw new InvalidCustomDataError(`Custom data values must be a string (key "${key}")`);
  }
  metadata[key.slice(0, 50)] = String(value).slice(0, 512);
}

/** Invalid keys or values fail the node in manual runs and are skipped in production ones. */
export function createCustomData(state: RunExecutionData, mode: ExecutionMode): ExecutionCustomData {
  const guarded = (write: () => void) => {
    try {
      write();
    } catch (error) {
      if (mode === 'manual') throw error;
    }
  };
  return {
    set: (key, value) => guarded(() => setOne(state, key, value)),
    setAll: (values) =>
      guarded(() => {
        const errors: unknown[] = [];
        for (const [key, value] of Object.entries(values)) {
          try {
            setOne(state, key, value);
          } catch (error) {
            errors.push(error);
          }
        }
        if (errors.length > 0) throw errors[0];
      }),
    get: (key) => state.resultData.metadata?.[String(key).slice(0, 50)],
    getAll: () => ({ ...(state.resultData.metadata ?? {}) }),
  };
}
