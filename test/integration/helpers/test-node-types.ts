import { NodeOperationError } from '../../../src/errors';
import type { NodeTypeDefinition } from '../../../src/contracts/node-type';

/** Waits `ms` (parameter) then passes its items on; stops early when the run is cancelled. */
const sleepNode: NodeTypeDefinition = {
  type: 'test.sleep',
  displayName: 'Sleep',
  versions: [1],
  execute: (ctx) =>
    new Promise((resolve, reject) => {
      const ms = Number(ctx.getRawParam('ms') ?? 100);
      const timer = setTimeout(() => resolve([ctx.getInputItems().map((item) => ({ json: { ...item.json, slept: ms } }))]), ms);
      ctx.signal.addEventListener('abort', () => {
        clearTimeout(timer);
        reject(ctx.signal.reason);
      }, { once: true });
    }),
};

/** Fails with its `message` parameter, unless the file says `fixed: true` (to test retries). */
const flakyNode: NodeTypeDefinition = {
  type: 'test.flaky',
  displayName: 'Flaky',
  versions: [1],
  execute: async (ctx) => {
    if (ctx.getRawParam('fixed') === true) return [ctx.getInputItems().map((item) => ({ json: { ...item.json, fixed: true } }))];
    throw new NodeOperationError(ctx.node.name, String(ctx.getRawParam('message') ?? 'flaky failure'));
  },
};

/** Node types of the integration tests, beside the real registry: timing and failure on demand. */
export const integrationNodeTypes: NodeTypeDefinition[] = [sleepNode, flakyNode];
