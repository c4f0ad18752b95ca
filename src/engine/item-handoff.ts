import type { Workflow, WorkflowNode } from '../workflow/types';
import type { ItemSink, NodeContext, NodeResult, NodeTypeDefinition } from '../contracts/node-type';
import type { JsonObject } from '../workflow/json';
import type { Item, RunExecutionData } from '../contracts/run-data';

/**
 * Streamed hand-over of one node's output to the single node it feeds (Extract from File's CSV
 * rows into Summarize): the producer's items go over in batches and are never all in memory,
 * so a million-row file runs in a few hundred MiB. n8n keeps every item; the results are the
 * same, but the producer's run data then holds no items (a hint says how many went over).
 *
 * It applies only where nothing can tell the difference: the consumer is the producer's only
 * child, both stop the workflow on failure without retries, neither is disabled, pinned or
 * executeOnce, and no parameter of another node names the producer or follows paired items
 * back through it (`.item`, `itemMatching`, `pairedItem`, `$item(`).
 */

/** Parameter text that reads a node's items through paired-item lineage. */
const LINEAGE_READS = ['.item', 'itemMatching', 'pairedItem', '$item('];

const parameterText = new WeakMap<WorkflowNode, string>();

function textOf(node: WorkflowNode): string {
  let text = parameterText.get(node);
  if (text === undefined) {
    text = JSON.stringify(node.parameters);
    parameterText.set(node, text);
  }
  return text;
}

const plainRun = (node: WorkflowNode): boolean =>
  !node.disabled && !node.retryOnFail && !node.executeOnce && node.onError === 'stopWorkflow';

export interface HandoffPlan {
  consumer: WorkflowNode;
  consumerType: NodeTypeDefinition;
}

/** The node `producer` can stream its output to, or undefined when it must run as usual. */
export function planHandoff(
  workflow: Workflow,
  producer: WorkflowNode,
  producerType: NodeTypeDefinition,
  state: RunExecutionData,
  findType: (type: string) => NodeTypeDefinition | undefined,
): HandoffPlan | undefined {
  if (!producerType.streamOutput || !plainRun(producer) || producer.alwaysOutputData || workflow.pinData[producer.name]) return undefined;
  const outputs = workflow.connectionsBySource.get(producer.name) ?? [];
  const targets = outputs.flatMap((list) => list);
  const target = outputs[0]?.[0];
  if (!target || targets.length !== 1 || target.index !== 0) return undefined;
  const consumer = workflow.nodes.get(target.node);
  const consumerType = consumer ? findType(consumer.type) : undefined;
  if (!consumer || !consumerType?.consumeStream || !plainRun(consumer) || workflow.pinData[consumer.name]) return undefined;
  if ((workflow.connectionsByDestination.get(consumer.name) ?? []).length !== 1) return undefined;
  const filter = state.startData.runNodeFilter;
  if (filter !== undefined && !filter.includes(consumer.name)) return undefined;
  for (const node of workflow.nodes.values()) {
    if (node === producer) continue;
    const text = textOf(node);
    if (text.includes(producer.name) || LINEAGE_READS.some((read) => text.includes(read))) return undefined;
  }
  return { consumer, consumerType };
}

/** What a streamed producer run left for its consumer's run. */
export interface HandoffResult {
  /** Items streamed over. */
  count: number;
  /** The first item: the consumer's input as the run records it and its expressions see it. */
  firstItem?: Item;
  /** Stands in for the consumer's definition when its turn comes: returns what the sink built. */
  consumerType: NodeTypeDefinition;
}

/**
 * Wraps the producer's definition for one run: `execute` streams into the consumer's sink and
 * returns an empty output. `consumerContext` builds the consumer's context once the first item
 * is known. When the producer declines to stream for its parameters, it runs as usual.
 */
export function streamingProducer(
  plan: HandoffPlan,
  producerType: NodeTypeDefinition,
  consumerContext: (firstItem: Item) => NodeContext,
): { definition: NodeTypeDefinition; result(): HandoffResult | undefined } {
  let result: HandoffResult | undefined;
  const execute = async (ctx: NodeContext): Promise<NodeResult> => {
    result = undefined;
    const batches = producerType.streamOutput?.(ctx);
    if (!batches) return producerType.execute(ctx);
    let sink: ItemSink | undefined;
    let sinkError: unknown;
    let firstItem: Item | undefined;
    let count = 0;
    for await (const batch of batches) {
      if (batch.length === 0) continue;
      if (firstItem === undefined) firstItem = batch[0];
      try {
        // A consumer failure is the consumer's: the producer reads on, as it would have run to
        // its end before the consumer started.
        if (sinkError === undefined) {
          sink ??= plan.consumerType.consumeStream!(consumerContext(firstItem as Item));
          sink.add(batch, count);
        }
      } catch (error) {
        sinkError = error;
      }
      count += batch.length;
    }
    const finished = sink;
    result = {
      count,
      firstItem,
      consumerType: {
        ...plan.consumerType,
        execute: () => {
          if (sinkError !== undefined) return Promise.reject(sinkError);
          return finished ? finished.finish() : Promise.resolve(null);
        },
      },
    };
    return [[]];
  };
  return { definition: { ...producerType, execute }, result: () => result };
}

/** The hint on the producer's run: its items went to the consumer and are not in the run data. */
export function handoffHint(consumer: string, count: number): JsonObject {
  return {
    message: `${count} items were handed to "${consumer}" in batches and are not kept in this run's data`,
    type: 'info',
    location: 'outputPane',
  };
}
