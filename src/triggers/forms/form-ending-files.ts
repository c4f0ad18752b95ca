import { InlineBinaryStore, type BinaryStore } from '../../binary';
import type { BinaryData } from '../../contracts/run-data';
import type { EndingFile } from '../../nodes/form';
import type { ExecutionRecord } from '../../store/types';

/** The node's ancestors over main connections, nearest first (n8n's getParentNodes, reversed). */
export function ancestorsNearestFirst(record: ExecutionRecord, nodeName: string): string[] {
  const incoming = new Map<string, string[]>();
  for (const [source, types] of Object.entries(record.workflowData.connections ?? {})) {
    for (const outputs of types.main ?? []) {
      for (const target of outputs ?? []) incoming.set(target.node, [...(incoming.get(target.node) ?? []), source]);
    }
  }
  const order: string[] = [];
  const seen = new Set([nodeName]);
  const queue = [nodeName];
  while (queue.length > 0) {
    for (const parent of incoming.get(queue.shift() as string) ?? []) {
      if (seen.has(parent)) continue;
      seen.add(parent);
      order.push(parent);
      queue.push(parent);
    }
  }
  return order;
}

/** The binary of a node's first output item in its last run (n8n's `$('node').first().binary`). */
function firstItemBinary(record: ExecutionRecord, nodeName: string): Record<string, BinaryData> {
  const runs = record.data.resultData.runData[nodeName] ?? [];
  return runs[runs.length - 1]?.data?.main?.[0]?.[0]?.binary ?? {};
}

/**
 * The files a "Return Binary File" ending hands over: for each field name, the nearest parent
 * whose first item carries it, as n8n looks them up. A field found nowhere is reported by name.
 */
export async function endingFiles(
  record: ExecutionRecord,
  nodeName: string,
  fields: readonly string[],
  store: BinaryStore | undefined,
): Promise<{ files: EndingFile[] } | { missing: string }> {
  const binaries = ancestorsNearestFirst(record, nodeName).map((parent) => firstItemBinary(record, parent));
  const files: EndingFile[] = [];
  for (const field of fields) {
    const binary = binaries.find((candidate) => Object.hasOwn(candidate, field))?.[field];
    if (binary === undefined) return { missing: field };
    const bytes = await (store ?? new InlineBinaryStore()).toBuffer(binary);
    files.push({ fileName: binary.fileName ?? 'file', mimeType: binary.mimeType, bytes });
  }
  return { files };
}
