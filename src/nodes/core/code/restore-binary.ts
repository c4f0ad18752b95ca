import type { BinaryData, Item } from '../../../contracts/run-data';

function signature(binary: BinaryData): string {
  const { data: _data, ...meta } = binary;
  return JSON.stringify(Object.entries(meta).sort(([a], [b]) => a.localeCompare(b)));
}

/**
 * User code sees binary properties without their inline bytes (`data: ''`, as expressions
 * do), so items it hands on would lose them: put the bytes back where a returned property
 * is one of the input's, recognised by its unchanged description. Stored files keep their id
 * and need nothing.
 */
export function restoreInlineBinary(inputs: Item[], outputs: Item[]): Item[] {
  const known = new Map<string, string>();
  for (const item of inputs) {
    for (const binary of Object.values(item.binary ?? {})) {
      if (binary.id === undefined && binary.data !== '') known.set(signature(binary), binary.data);
    }
  }
  if (known.size === 0) return outputs;
  for (const item of outputs) {
    for (const binary of Object.values(item.binary ?? {})) {
      if (binary === null || typeof binary !== 'object' || binary.id !== undefined || binary.data !== '') continue;
      const data = known.get(signature(binary));
      if (data !== undefined) binary.data = data;
    }
  }
  return outputs;
}
