import { SubNodeError, errorMessage } from '../errors';
import type { JsonObject } from '../workflow/json';
import type { Workflow, WorkflowNode } from '../workflow/types';
import type { NodeContext, NodeTypeDefinition, SupplyContext } from '../contracts/node-type';
import {
  SUPPLIED_KIND,
  type AiConnectionType,
  type AiSupplyMap,
  type SubNodeRun,
  type SuppliedObject,
} from '../contracts/ai';
import type { Item, RunExecutionData, TaskData } from '../contracts/run-data';
import { serializeNodeError } from '../contracts/serialize-error';
import type { ExecutionHooks } from './hooks';

/** What a root node's context calls to get its sub-nodes' objects (n8n's getInputConnectionData). */
export type SubNodeSupplier = <T extends AiConnectionType>(type: T, itemIndex: number) => Promise<Array<AiSupplyMap[T]>>;

/** What the supplier needs from the run that owns the root node. */
export interface SubNodeScope {
  workflow: Workflow;
  state: RunExecutionData;
  findType(type: string): NodeTypeDefinition | undefined;
  hooks?: ExecutionHooks;
  /**
   * The context a sub-node runs in: the root's inputs, source and run index, the sub-node's own
   * parameters and credentials, and a supplier for its own sub-nodes. `ownInputs` replaces the
   * root's inputs (a node run as a tool gets the model's arguments as its item).
   */
  contextFor(subNode: WorkflowNode, supplier: SubNodeSupplier, ownInputs?: Item[][]): NodeContext & { prepareParameters?(): Promise<void> };
}

/** Builds the supplier of one root node run. Sub-nodes of sub-nodes get their own, recursively. */
export function subNodeSupplier(scope: SubNodeScope, root: WorkflowNode, rootRunIndex: number): SubNodeSupplier {
  const supplier = async <T extends AiConnectionType>(type: T, itemIndex: number): Promise<Array<AiSupplyMap[T]>> => {
    const names = scope.workflow.subNodesByRoot.get(root.name)?.get(type) ?? [];
    const supplied: Array<AiSupplyMap[T]> = [];
    for (const name of names) {
      const subNode = scope.workflow.nodes.get(name);
      // n8n skips disabled sub-nodes as if they were not connected.
      if (!subNode || subNode.disabled) continue;
      const objects = await supplyOne(scope, root, rootRunIndex, subNode, type, itemIndex);
      supplied.push(...(objects as Array<AiSupplyMap[T]>));
    }
    return supplied;
  };
  return supplier;
}

async function supplyOne(
  scope: SubNodeScope,
  root: WorkflowNode,
  rootRunIndex: number,
  subNode: WorkflowNode,
  type: AiConnectionType,
  itemIndex: number,
): Promise<SuppliedObject[]> {
  const definition = scope.findType(subNode.type);
  const recorder = new SubNodeRecorder(scope, root, rootRunIndex, subNode, type);
  try {
    if (!definition?.supplyData) {
      throw new Error(`Node "${subNode.name}" (${subNode.type}) cannot be connected as ${type}: it is not a sub-node`);
    }
    const supplier = subNodeSupplier(scope, subNode, rootRunIndex);
    const base = scope.contextFor(subNode, supplier);
    await base.prepareParameters?.();
    const ctx: SupplyContext = {
      ...base,
      parentNode: root,
      parentRunIndex: rootRunIndex,
      connectionType: type,
      startRun: (input: JsonObject) => recorder.start(input),
      nodeContextFor: async (parameters: JsonObject, items: Item[]) => {
        const own = scope.contextFor({ ...subNode, parameters }, supplier, [items]);
        await own.prepareParameters?.();
        return own;
      },
    };
    const result = await definition.supplyData(ctx, itemIndex);
    const objects = Array.isArray(result) ? result : [result];
    const wrong = objects.find((object) => object.kind !== SUPPLIED_KIND[type]);
    if (wrong) throw new Error(`Node "${subNode.name}" supplies "${wrong.kind}", but ${type} expects "${SUPPLIED_KIND[type]}"`);
    return objects;
  } catch (error) {
    if (error instanceof SubNodeError) throw error;
    // n8n records the failed supply as an errored run of the sub-node, then fails the root.
    await recorder.failedSupply(error);
    throw new SubNodeError(subNode, `Error in sub-node ${subNode.name}`, { itemIndex, description: errorMessage(error), cause: error });
  }
}

/** Writes a sub-node's runs into run data with n8n's shape, and tells the hooks. */
class SubNodeRecorder {
  constructor(
    private readonly scope: SubNodeScope,
    private readonly root: WorkflowNode,
    private readonly rootRunIndex: number,
    private readonly subNode: WorkflowNode,
    private readonly type: AiConnectionType,
  ) {}

  /** Opens a run: `inputOverride[type]` holds the input, executionIndex continues the run's count. */
  async start(input: JsonObject): Promise<SubNodeRun> {
    const task = this.openTask();
    task.inputOverride = { [this.type]: [[{ json: input }]] };
    const runIndex = this.push(task);
    await this.scope.hooks?.nodeExecuteBefore?.(this.subNode, runIndex);
    let closed = false;
    const close = async (): Promise<void> => {
      closed = true;
      task.executionTime = Date.now() - task.startTime;
      await this.scope.hooks?.nodeExecuteAfter?.({ node: this.subNode, runIndex, task, inputItems: [{ json: input }] }, this.scope.state);
    };
    return {
      runIndex,
      succeed: async (output: JsonObject | JsonObject[]) => {
        if (closed) return;
        task.executionStatus = 'success';
        task.data = { [this.type]: [(Array.isArray(output) ? output : [output]).map((json) => ({ json }))] };
        await close();
      },
      fail: async (error: unknown) => {
        if (closed) return;
        task.executionStatus = 'error';
        task.error = serializeNodeError(error, this.subNode);
        // n8n's engine leaves a failed tool's error as its output item too (what the agent reads).
        if (this.type === 'ai_tool') task.data = { ai_tool: [[{ json: { error: errorMessage(error) } }]] };
        await close();
      },
    };
  }

  /** A supplyData that threw: one errored run without input, as n8n stores it. */
  async failedSupply(error: unknown): Promise<void> {
    const task = this.openTask();
    task.executionStatus = 'error';
    task.error = serializeNodeError(error, this.subNode);
    const runIndex = this.push(task);
    await this.scope.hooks?.nodeExecuteBefore?.(this.subNode, runIndex);
    await this.scope.hooks?.nodeExecuteAfter?.({ node: this.subNode, runIndex, task, inputItems: [] }, this.scope.state);
  }

  private openTask(): TaskData {
    return {
      startTime: Date.now(),
      executionTime: 0,
      executionIndex: this.scope.state.executionData.nextExecutionIndex++,
      executionStatus: 'running',
      source: [{ previousNode: this.root.name, previousNodeRun: this.rootRunIndex }],
    };
  }

  private push(task: TaskData): number {
    const runs = (this.scope.state.resultData.runData[this.subNode.name] ??= []);
    runs.push(task);
    return runs.length - 1;
  }
}
