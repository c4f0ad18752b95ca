import type { JsonObject, JsonValue } from '../../workflow/json';
import type { Item, PairedItem, TaskSourceEntry } from '../../contracts/run-data';
import type { NodeContext, NodeResult, NodeTypeDefinition } from '../../contracts/node-type';
import { pairedItemList, withLineage } from './utils/items';
import { booleanParam, numberParam } from './utils/params';

/**
 * Split In Batches / Loop Over Items. Its first run takes the input and emits the first
 * batch; every later run (fed back by the loop) collects what came back and emits the next
 * batch; when nothing is left, v2/v3 emit everything collected on "done" (v1 emits nothing).
 *
 * The state is n8n's node context (`items`, `processedItems`, `currentRunIndex`,
 * `maxRunIndex`, `sourceData`, `noItemsLeft`, `done`), kept in `ctx.nodeState`, which the
 * engine stores in the run state: a loop survives a park and resume, and expressions can
 * read `$node["Loop"].context["noItemsLeft"]` from it.
 */

/** Items are plain JSON-compatible data; nodeState only needs them typed as JSON. */
const asJson = (items: Item[]): JsonValue => items as unknown as JsonValue;
const asItems = (value: JsonValue | undefined): Item[] => (Array.isArray(value) ? (value as unknown as Item[]) : []);

/** Where this run's input came from, when the engine tells (n8n's getInputSourceData). */
function inputSource(ctx: NodeContext): TaskSourceEntry | undefined {
  const source = ctx.source;
  return source?.main?.[0] ?? undefined;
}

function withSourceOverwrite(pairedItem: Item['pairedItem'], sourceData: TaskSourceEntry | undefined): PairedItem | PairedItem[] {
  const add = (paired: PairedItem): PairedItem => (sourceData ? { ...paired, sourceOverwrite: sourceData } : { ...paired });
  if (pairedItem === undefined) return add({ item: 0 });
  if (Array.isArray(pairedItem)) return pairedItem.map(add);
  return add(pairedItemList(pairedItem)[0]);
}

async function execute(ctx: NodeContext): Promise<NodeResult> {
  const version = ctx.node.typeVersion;
  const state: JsonObject = ctx.nodeState;
  const incoming = withLineage(ctx.getInputItems());
  const batchSize = numberParam(ctx, 'batchSize', 0, version >= 3 ? 1 : 10);
  const reset = booleanParam(ctx, 'options.reset', 0);
  let batch: Item[];

  if (state.items === undefined || reset) {
    const sourceData = inputSource(ctx);
    state.currentRunIndex = 0;
    state.maxRunIndex = Math.ceil(incoming.length / batchSize);
    if (sourceData) state.sourceData = { ...sourceData } as unknown as JsonValue;
    else delete state.sourceData;
    batch = incoming.slice(0, batchSize);
    state.items = asJson(incoming.slice(batchSize));
    if (version >= 2) state.processedItems = [];
  } else {
    state.currentRunIndex = Number(state.currentRunIndex ?? 0) + 1;
    const pending = asItems(state.items);
    const sourceData = state.sourceData as unknown as TaskSourceEntry | undefined;
    batch = pending.slice(0, batchSize).map((item) => ({ ...item, pairedItem: withSourceOverwrite(item.pairedItem, sourceData) }));
    state.items = asJson(pending.slice(batchSize));
    if (version >= 2) {
      // What the loop body returned this round, kept for the "done" output.
      const current = inputSource(ctx);
      const returned = ctx.getInputItems().map((item, index): Item => ({
        ...item,
        pairedItem: current ? { item: index, sourceOverwrite: current } : { item: index },
      }));
      state.processedItems = asJson([...asItems(state.processedItems), ...returned]);
    }
  }

  state.noItemsLeft = asItems(state.items).length === 0;
  if (version < 2) return batch.length === 0 ? null : [batch];
  const done = batch.length === 0;
  state.done = done;
  const processed = done ? asItems(state.processedItems) : [];
  const loop = done ? [] : batch;
  // v3 names its outputs [done, loop]; v2 has them the other way round.
  return version >= 3 ? [processed, loop] : [loop, processed];
}

export const splitInBatchesNode: NodeTypeDefinition = {
  type: 'n8n-nodes-base.splitInBatches',
  aliases: ['splitInBatches'],
  displayName: 'Loop Over Items (Split in Batches)',
  versions: [1, 2, 3],
  outputs: (node) => (node.typeVersion >= 2 ? 2 : 1),
  execute,
};
