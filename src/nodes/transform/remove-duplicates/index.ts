import { DateTime } from 'luxon';
import { NodeOperationError, errorMessage } from '../../../errors';
import type { Item } from '../../../contracts/run-data';
import type { NodeContext, NodeResult, NodeTypeDefinition } from '../../../contracts/node-type';
import { withLineage } from '../utils/items';
import { checkProcessedAndRecord, clearHistory, processedCount, type HistoryMode, type HistoryScope } from './history';
import { removeDuplicateInputItems } from './input-items';
import { numberParam, stringParam, textOf, valueParam } from '../utils/params';

/**
 * Remove Duplicates v1/v1.1 (within the input) and v2 (also across executions). v2's
 * cross-execution operations output [kept, discarded] like n8n, whose node declares one
 * output but returns both lists.
 */

const DEFAULT_HISTORY_SIZE = 10000;

function readScope(ctx: NodeContext): HistoryScope {
  const scope = stringParam(ctx, 'options.scope', 0, 'node');
  if (scope === 'node' || scope === 'workflow') return scope;
  throw new NodeOperationError(ctx.node.name, `The scope '${String(scope)}' is not supported. Please select either "node" or "workflow".`);
}

function isValidDate(value: string): boolean {
  const parsers = [DateTime.fromISO, DateTime.fromHTTP, DateTime.fromRFC2822, DateTime.fromSQL];
  if (parsers.some((parse) => parse(value, { setZone: true }).isValid)) return true;
  return !Number.isNaN(Date.parse(value));
}

/** The dedupe key of every item, grouped as n8n does (a plain object keeps its key order). */
function groupByKey(ctx: NodeContext, items: Item[], mode: HistoryMode): Record<string, Item[]> {
  const groups: Record<string, Item[]> = Object.create(null) as Record<string, Item[]>;
  const nodeName = ctx.node.name;
  items.forEach((item, itemIndex) => {
    let key: string;
    if (mode === 'entries') {
      key = textOf(valueParam(ctx, 'dedupeValue', itemIndex));
    } else if (mode === 'latestIncrementalKey') {
      const raw = textOf(valueParam(ctx, 'incrementalDedupeValue', itemIndex));
      if (raw === '') throw new NodeOperationError(nodeName, 'The `Value to Dedupe` On is empty. Please provide a value.');
      const parsed = Number(raw);
      if (Number.isNaN(parsed)) throw new NodeOperationError(nodeName, `The value '${raw}' is not a number. Please provide a number.`);
      key = String(parsed);
    } else {
      key = textOf(valueParam(ctx, 'dateDedupeValue', itemIndex));
      if (!key) throw new NodeOperationError(nodeName, 'The `Value to Dedupe` On is empty. Please provide a value.');
      if (!isValidDate(key.trim())) throw new NodeOperationError(nodeName, `The value '${key}' is not a valid date. Please provide a valid date.`);
    }
    (groups[key] ??= []).push(item);
  });
  return groups;
}

const LOGIC_MODES: Record<string, HistoryMode> = {
  removeItemsWithAlreadySeenKeyValues: 'entries',
  removeItemsUpToStoredIncrementalKey: 'latestIncrementalKey',
  removeItemsUpToStoredDate: 'latestDate',
};

function removeSeenBefore(ctx: NodeContext, items: Item[]): Item[][] {
  const logic = stringParam(ctx, 'logic', 0, 'removeItemsWithAlreadySeenKeyValues');
  const mode = LOGIC_MODES[logic];
  if (!mode) return [items];
  const scope = readScope(ctx);
  const groups = groupByKey(ctx, items, mode);
  let maxEntries = 0;
  if (mode === 'entries') {
    maxEntries = numberParam(ctx, 'options.historySize', 0, DEFAULT_HISTORY_SIZE);
    if (processedCount(ctx, scope) + items.length > maxEntries) {
      throw new NodeOperationError(
        ctx.node.name,
        'The number of items to be processed exceeds the maximum history size. Please increase the history size or reduce the number of items to be processed.',
      );
    }
  }
  const checked = checkProcessedAndRecord(ctx, Object.keys(groups), scope, mode, maxEntries);
  return [checked.new.flatMap((key) => groups[key]), checked.processed.flatMap((key) => groups[key])];
}

function executeV2(ctx: NodeContext, items: Item[]): Item[][] {
  const operation = stringParam(ctx, 'operation', 0, 'removeDuplicateInputItems');
  if (operation === 'removeDuplicateInputItems') return [removeDuplicateInputItems(ctx, items)];
  if (operation === 'removeItemsSeenInPreviousExecutions') return removeSeenBefore(ctx, items);
  if (operation === 'clearDeduplicationHistory' && stringParam(ctx, 'mode', 0, 'cleanDatabase') === 'cleanDatabase') {
    clearHistory(ctx, readScope(ctx));
  }
  return [items];
}

async function execute(ctx: NodeContext): Promise<NodeResult> {
  const items = withLineage(ctx.getInputItems());
  if (ctx.node.typeVersion < 2) return [removeDuplicateInputItems(ctx, items)];
  try {
    return executeV2(ctx, items);
  } catch (error) {
    if (!ctx.continueOnFail() || items.length === 0) throw error;
    // n8n's v2 answers a failure with one item: the first input item's json and the error.
    const name = error instanceof Error ? error.name : 'Error';
    return [[{ json: items[0].json, error: { message: errorMessage(error), name }, pairedItem: { item: 0 } }]];
  }
}

export const removeDuplicatesNode: NodeTypeDefinition = {
  type: 'n8n-nodes-base.removeDuplicates',
  aliases: ['removeDuplicates'],
  displayName: 'Remove Duplicates',
  versions: [1, 1.1, 2],
  execute,
};
