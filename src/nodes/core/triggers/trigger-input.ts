import type { Item } from '../../../contracts/run-data';
import type { NodeContext } from '../../../contracts/node-type';

/**
 * What a trigger emits: the data the run was started with, or n8n's single empty item.
 * Trigger items start a chain, so they carry no pairedItem.
 */
export function triggerItems(ctx: NodeContext): Item[] {
  const given = ctx.getInputItems(0);
  if (given.length === 0) return [{ json: {} }];
  return given.map((item) => {
    const out: Item = { json: item.json };
    if (item.binary !== undefined) out.binary = item.binary;
    return out;
  });
}

/** True when the run was started without data (the engine then feeds one empty item). */
export function startedWithoutData(ctx: NodeContext): boolean {
  const given = ctx.getInputItems(0);
  if (given.length === 0) return true;
  return given.length === 1 && Object.keys(given[0].json).length === 0 && given[0].binary === undefined;
}
