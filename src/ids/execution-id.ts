import { v7 as uuidv7 } from 'uuid';

/**
 * A new `execution_id`: a UUIDv7, so ids sort by creation time as strings (uuid@10 keeps
 * them monotonic within one millisecond), which list order and pruning rely on.
 */
export function newExecutionId(): string {
  return uuidv7();
}
