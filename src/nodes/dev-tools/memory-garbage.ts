import { NodeOperationError } from '../../errors';
import type { JsonObject } from '../../workflow/json';

/**
 * Debug Helper's "Out Of Memory" category: allocates about `sizeInMB` on the heap, lets it go,
 * and reports process.memoryUsage() as n8n does. n8n lets this crash its process on purpose;
 * here the nodes share the service's process, so a request past MAX_GARBAGE_MB is refused.
 */
export const MAX_GARBAGE_MB = 1024;

export function generateGarbage(nodeName: string, sizeInMB: number, itemIndex: number): JsonObject {
  if (!(sizeInMB <= MAX_GARBAGE_MB)) {
    throw new NodeOperationError(
      nodeName,
      `Memory Size to Generate must be at most ${MAX_GARBAGE_MB} MB here, got ${sizeInMB}: the nodes share the service's process`,
      { itemIndex },
    );
  }
  // An array of numbers takes about 8 bytes per entry.
  const entries = Math.max(1, Math.floor((sizeInMB * 1024 * 1024) / 8));
  new Array<number>(entries).fill(0);
  return { ...process.memoryUsage() };
}
