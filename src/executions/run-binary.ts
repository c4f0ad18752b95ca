import type { BinaryData, Item, ItemsByIndex } from '../contracts/run-data';
import { NotFoundError } from '../errors';
import type { ExecutionRecord } from '../store/types';

/** Which binary property of which node run: what a download from Odoo names. */
export interface RunBinaryAddress {
  node: string;
  run: number;
  output: number;
  item: number;
  property: string;
}

/**
 * The binary property an execution's run data holds at `address` (n8n's
 * runData[node][run].data.main[output][item].binary[property]); a NotFoundError that says
 * which part is missing otherwise.
 */
export function findRunBinary(record: ExecutionRecord, address: RunBinaryAddress): BinaryData {
  const where = `execution "${record.id}"`;
  const runs = record.data.resultData.runData[address.node];
  if (runs === undefined) throw new NotFoundError(`Node "${address.node}" did not run in ${where}`);
  const task = runs[address.run];
  if (task === undefined) throw new NotFoundError(`Node "${address.node}" has no run ${address.run} in ${where}`);
  const items = task.data?.main?.[address.output];
  if (!items) throw new NotFoundError(`Node "${address.node}" (run ${address.run}) has no output ${address.output} in ${where}`);
  const item = items[address.item];
  if (item === undefined) throw new NotFoundError(`Node "${address.node}" (run ${address.run}, output ${address.output}) has no item ${address.item} in ${where}`);
  const binary = item.binary?.[address.property];
  if (binary === undefined || binary === null || typeof binary !== 'object') {
    throw new NotFoundError(`Item ${address.item} of node "${address.node}" (run ${address.run}) has no binary property "${address.property}" in ${where}`);
  }
  return binary;
}

/** A binary property as an execution log shows it: its description, without inline base64. */
function describedOnly(binary: BinaryData): BinaryData {
  if (binary === null || typeof binary !== 'object' || binary.id !== undefined) return binary;
  const { data: _bytes, ...described } = binary;
  return described as BinaryData;
}

function itemForLog(item: Item): Item {
  if (item === null || typeof item !== 'object' || item.binary === undefined) return item;
  const binary: Record<string, BinaryData> = {};
  for (const [property, value] of Object.entries(item.binary)) binary[property] = describedOnly(value);
  return { ...item, binary };
}

/**
 * Items as `execution_logs` keeps them: binary properties keep name, type and size but not
 * their inline bytes (the run data of the execution has them, and a download reads them
 * there), so a node run shown in Odoo never carries megabytes of base64.
 */
export function itemsForLog(items: Item[]): Item[] {
  return items.map(itemForLog);
}

export function outputsForLog(outputs: ItemsByIndex): ItemsByIndex {
  return outputs.map((items) => (items ? itemsForLog(items) : items));
}
