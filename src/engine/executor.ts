import { AutomatorError, ExecutionCancelledError, ExecutionTimeoutError, WorkflowValidationError } from '../errors';
import type { JsonObject } from '../workflow/json';
import type { Workflow, WorkflowNode } from '../workflow/types';
import type { ExpressionEngine, ExpressionSession } from '../expressions/types';
import type { NodeTypeDefinition } from '../contracts/node-type';
import type { NodeServices, ResumePayload } from '../contracts/node-services';
import type { ExecutionHooks } from './hooks';
import { createNodeContext, type NodeContextInput } from './node-context';
import { createCustomData } from './custom-data';
import { showItemErrors, splitErrorItems } from './error-output';
import { outputCount, runNode, type NodeRunOutcome } from './node-runner';
import { assignMissingPairedItems, pairWithAllInputs, withPairedItemLineage } from './paired-items';
import type { ExecutionMode, Item, ItemsByIndex, Run, RunExecutionData, SerializedError, StackEntry, TaskData, TaskMetadata } from '../contracts/run-data';
import { createRunState, enqueueChild, releaseWaitingNode, sourceEntry } from './run-state';
import { handoffHint, planHandoff, streamingProducer, type HandoffResult } from './item-handoff';
import { selectStartNode } from './start-node';
import { subNodeSupplier, type SubNodeScope } from './sub-nodes';

export interface NodeTypeLookup {
  find(type: string): NodeTypeDefinition | undefined;
}

export interface EngineDependencies {
  nodeTypes: NodeTypeLookup;
  expressions: ExpressionEngine;
  services: NodeServices;
  maxNodeRuns: number;
  timezone: string;
  vars?: JsonObject;
  env?: JsonObject;
}

export interface RunRequest {
  workflow: Workflow;
  executionId: string;
  mode: ExecutionMode;
  /** Node to start at (default: the workflow's trigger). */
  startNode?: string;
  /** Items the start node receives (default: one empty item). */
  triggerItems?: Item[];
  /**
   * Continue a parked or failed run from its saved state. `items`: the parked node's output
   * (a Wait node's resume call); `payload`: what a node that reruns on resume is handed.
   */
  resume?: { state: RunExecutionData; items?: Item[]; payload?: ResumePayload };
  signal?: AbortSignal;
  /** Whole-run limit; the run is cancelled with a timeout error when it passes. */
  timeoutMs?: number;
  hooks?: ExecutionHooks;
  /** Per-run services (webhook responder, sub-workflow runner with depth...). */
  services?: NodeServices;
  resumeUrl?: string;
  startedAt?: Date;
}

/** Stops the loop: the run ends with this status and error. */
class RunStopped extends Error {
  constructor(readonly status: Run['status'], readonly stoppedError: AutomatorError) {
    super(stoppedError.message);
  }
}

/**
 * Runs a workflow with n8n's v1 order from a fresh or saved state. Pure: no I/O of its own;
 * everything observable leaves through `hooks`. The returned Run is n8n's IRun.
 */
export async function executeWorkflow(deps: EngineDependencies, request: RunRequest): Promise<Run> {
  const { workflow } = request;
  const startedAt = request.startedAt ?? new Date();
  const state = request.resume
    ? request.resume.state
    : createRunState(selectStartNode(workflow, deps.nodeTypes, request.startNode), request.triggerItems ?? [{ json: {} }]);
  const controller = new AbortController();
  const onOuterAbort = () => controller.abort(request.signal?.reason ?? new ExecutionCancelledError());
  request.signal?.addEventListener('abort', onOuterAbort, { once: true });
  if (request.signal?.aborted) onOuterAbort();
  const timer =
    request.timeoutMs !== undefined && request.timeoutMs > 0
      ? setTimeout(() => controller.abort(new ExecutionTimeoutError(request.timeoutMs! / 1000)), request.timeoutMs)
      : undefined;
  const session = deps.expressions.openSession({
    workflow,
    executionId: request.executionId,
    mode: request.mode,
    runExecutionData: state,
    vars: deps.vars ?? {},
    env: deps.env ?? {},
    timezone: runTimezone(workflow, deps.timezone),
    resumeUrl: request.resumeUrl,
  });
  let status: Run['status'] = 'success';
  try {
    status = await runLoop(deps, request, state, session, controller.signal);
  } catch (error) {
    if (!(error instanceof RunStopped)) throw error;
    status = error.status;
    state.resultData.error = {
      message: error.stoppedError.message,
      name: error.stoppedError.name,
      timestamp: Date.now(),
    };
  } finally {
    if (timer) clearTimeout(timer);
    request.signal?.removeEventListener('abort', onOuterAbort);
    session.close();
  }
  const run: Run = {
    data: state,
    status,
    mode: request.mode,
    finished: status === 'success',
    startedAt: startedAt.toISOString(),
    stoppedAt: new Date().toISOString(),
  };
  if (status === 'waiting' && state.waitTill) run.waitTill = state.waitTill;
  await request.hooks?.workflowExecuteAfter?.(run);
  return run;
}

function stopReason(signal: AbortSignal): RunStopped {
  const reason: unknown = signal.reason;
  const error = reason instanceof AutomatorError ? reason : new ExecutionCancelledError();
  return new RunStopped('canceled', error);
}

async function runLoop(
  deps: EngineDependencies,
  request: RunRequest,
  state: RunExecutionData,
  session: ExpressionSession,
  signal: AbortSignal,
): Promise<Run['status']> {
  const { workflow } = request;
  const stack = state.executionData.nodeExecutionStack;
  const services: NodeServices = { ...deps.services, ...request.services };
  let resuming = request.resume !== undefined && state.waitTill !== undefined;
  const resumeItems = request.resume?.items;
  delete state.resultData.error;
  // n8n keeps the error of the node run it just made: when the last node run failed and
  // continued (continueOnFail / onError), the run still ends as an error with that error.
  let lastRunError: SerializedError | undefined;
  // A consumer fed by a streamed hand-over runs from what its sink built (see item-handoff).
  const streamedConsumers = new Map<string, NodeTypeDefinition>();
  while (true) {
    if (signal.aborted) throw stopReason(signal);
    if (stack.length === 0 && !releaseWaitingNode(state, workflow, (name) => requiredInputsOf(deps, workflow, name))) break;
    const entry = stack.shift() as StackEntry;
    const node = workflow.nodes.get(entry.node);
    if (!node) throw new WorkflowValidationError(`Workflow "${workflow.name}": node "${entry.node}" is on the run stack but not in the workflow`);
    const streamedConsumer = streamedConsumers.get(node.name);
    streamedConsumers.delete(node.name);
    const definition = streamedConsumer ?? definitionOf(deps, node);
    const runData = state.resultData.runData;
    const inputs: Item[][] = withPairedItemLineage(entry.data.main);
    let resumedOutput: Item[] | undefined;
    let resumedWith: ResumePayload | undefined;
    if (resuming) {
      // The parked node's "waiting" run is replaced by its resumed run, whose output is what
      // the resume call delivered (or its input, for a timed wait), unless the node asked to
      // run again knowing what ended its wait.
      resuming = false;
      delete state.waitTill;
      runData[node.name]?.pop();
      if (definition.resumeByRerun) resumedWith = request.resume?.payload ?? {};
      else resumedOutput = resumeItems ?? inputs[0] ?? [];
    }
    const runIndex = runData[node.name]?.length ?? 0;
    state.executionData.nodeRunCount += 1;
    if (state.executionData.nodeRunCount > deps.maxNodeRuns) {
      throw new RunStopped(
        'error',
        new AutomatorError(
          `Workflow "${workflow.name}" stopped after ${deps.maxNodeRuns} node runs at node "${node.name}": it seems to loop without end (raise MAX_NODE_RUNS if this is intended)`,
        ),
      );
    }
    const nodeState = nodeStateOf(state, node.name);
    await request.hooks?.nodeExecuteBefore?.(node, runIndex);
    const startTime = Date.now();
    // Taken before the node runs (as n8n): its sub-node runs come after it in the order.
    let executionIndex = state.executionData.nextExecutionIndex++;
    let outcome: NodeRunOutcome;
    let handoff: (() => HandoffResult | undefined) | undefined;
    const taskMetadata: TaskMetadata = {};
    if (resumedOutput !== undefined) {
      outcome = { output: [resumedOutput], fatal: false };
    } else {
      const contextInput: NodeContextInput = {
        workflow,
        node,
        executionId: request.executionId,
        mode: request.mode,
        runIndex,
        inputs: node.executeOnce ? inputs.map((items) => items.slice(0, 1)) : inputs,
        expressionInputs: inputs,
        source: entry.source,
        session,
        signal,
        services,
        nodeState,
        staticData: workflow.staticData,
        timezone: runTimezone(workflow, deps.timezone),
        customData: createCustomData(state, request.mode),
        resumedWith,
      };
      const subNodes: SubNodeScope = {
        workflow,
        state,
        findType: (type) => deps.nodeTypes.find(type),
        hooks: request.hooks,
        contextFor: (subNode, supplier, ownInputs) =>
          createNodeContext({
            ...contextInput,
            node: subNode,
            nodeState: nodeStateOf(state, subNode.name),
            resumedWith: undefined,
            supplier,
            ...(ownInputs ? { inputs: ownInputs, expressionInputs: ownInputs } : {}),
          }),
      };
      const ctx = createNodeContext({
        ...contextInput,
        supplier: subNodeSupplier(subNodes, node, runIndex),
        takeExecutionIndex: () => {
          executionIndex = state.executionData.nextExecutionIndex++;
        },
        taskMetadata,
      });
      let runDefinition = definition;
      const plan = streamedConsumer ? undefined : planHandoff(workflow, node, definition, state, (type) => deps.nodeTypes.find(type));
      if (plan) {
        const consumer = plan.consumer;
        const streaming = streamingProducer(plan, definition, (firstItem) =>
          createNodeContext({
            ...contextInput,
            node: consumer,
            runIndex: runData[consumer.name]?.length ?? 0,
            inputs: [[firstItem]],
            expressionInputs: [[firstItem]],
            source: { main: [sourceEntry(node.name, 0, runIndex)] },
            nodeState: nodeStateOf(state, consumer.name),
            resumedWith: undefined,
          }),
        );
        runDefinition = streaming.definition;
        handoff = streaming.result;
      }
      try {
        outcome = await runNode(runDefinition, ctx, workflow.pinData[node.name] as Item[] | undefined);
      } catch (error) {
        if (signal.aborted) throw stopReason(signal);
        throw error;
      }
    }
    const output = finishOutput(definition, node, outcome, inputs);
    const task: TaskData = {
      startTime,
      executionTime: Date.now() - startTime,
      executionIndex,
      executionStatus: outcome.wait ? 'waiting' : outcome.error && outcome.fatal ? 'error' : 'success',
      source: entry.source?.main ?? [],
    };
    if (!outcome.fatal) task.data = { main: output ?? [] };
    if (outcome.error) task.error = outcome.error;
    const handedOver = outcome.fatal ? undefined : handoff?.();
    if (handedOver) task.hints = [handoffHint(workflow.connectionsBySource.get(node.name)?.[0]?.[0]?.node ?? '', handedOver.count)];
    if (taskMetadata.tokenUsage) task.metadata = taskMetadata;
    lastRunError = outcome.error as SerializedError | undefined;
    (runData[node.name] ??= []).push(task);
    if (output !== null || outcome.error) state.resultData.lastNodeExecuted = node.name;
    await request.hooks?.nodeExecuteAfter?.({ node, runIndex, task, inputItems: inputs[0] ?? [] }, state);
    if (outcome.fatal) {
      state.resultData.error = outcome.error as SerializedError;
      // Back on the stack so a retry from the failed node can pick it up (as n8n).
      stack.unshift(entry);
      return 'error';
    }
    if (outcome.wait) {
      stack.unshift(entry);
      state.waitTill = (outcome.wait.until ?? new Date('3000-01-01T00:00:00.000Z')).toISOString();
      return 'waiting';
    }
    if (output === null) continue;
    if (handedOver) {
      const consumer = workflow.connectionsBySource.get(node.name)?.[0]?.[0]?.node;
      // Nothing streamed over: the consumer does not run, as it would get no items.
      if (consumer === undefined || handedOver.firstItem === undefined) continue;
      streamedConsumers.set(consumer, handedOver.consumerType);
      stack.unshift({ node: consumer, data: { main: [[handedOver.firstItem]] }, source: { main: [sourceEntry(node.name, 0, runIndex)] } });
      continue;
    }
    enqueueChildren(state, workflow, node, output, runIndex);
  }
  if (lastRunError) {
    state.resultData.error = lastRunError;
    return 'error';
  }
  return 'success';
}

/** Error-output split, paired items and alwaysOutputData applied to what the node returned, in n8n's order. */
function finishOutput(definition: NodeTypeDefinition, node: WorkflowNode, outcome: NodeRunOutcome, inputs: Item[][]): ItemsByIndex | null {
  let output = outcome.output;
  if (output && !outcome.error && node.onError === 'continueErrorOutput') {
    output = splitErrorItems(output, outputCount(definition, node), inputs);
  }
  if (output) assignMissingPairedItems(output, inputs);
  if (output) showItemErrors(output);
  // n8n looks at the first output only: an IF whose items all went to "false" still gets
  // an empty item on "true".
  if (node.alwaysOutputData && !outcome.fatal && !outcome.wait && output?.[0]?.[0] === undefined) {
    output = output ? [...output] : [];
    output[0] = [{ json: {}, pairedItem: pairWithAllInputs(inputs) }];
  }
  return output;
}

function enqueueChildren(state: RunExecutionData, workflow: Workflow, node: WorkflowNode, output: ItemsByIndex, runIndex: number): void {
  const outputs = workflow.connectionsBySource.get(node.name) ?? [];
  const filter = state.startData.runNodeFilter;
  const toAdd: Array<{ target: { node: string; index: number }; outputIndex: number; position: [number, number] }> = [];
  outputs.forEach((targets, outputIndex) => {
    if (!output[outputIndex] || output[outputIndex]!.length === 0) return;
    for (const target of targets) {
      // A partial run stops at the edge of the nodes it was asked to run (n8n's runNodeFilter).
      if (filter !== undefined && !filter.includes(target.node)) continue;
      toAdd.push({ target, outputIndex, position: workflow.nodes.get(target.node)?.position ?? [0, 0] });
    }
  });
  // n8n v1: the child nearest the top-left runs first; each is unshifted, so sort the other way.
  toAdd.sort((a, b) => {
    if (a.position[1] !== b.position[1]) return b.position[1] - a.position[1];
    if (a.position[0] > b.position[0]) return -1;
    return 0;
  });
  for (const { target, outputIndex } of toAdd) {
    enqueueChild(state, workflow, target, node.name, outputIndex, output, runIndex);
  }
}

function definitionOf(deps: EngineDependencies, node: WorkflowNode): NodeTypeDefinition {
  const definition = deps.nodeTypes.find(node.type);
  if (!definition) throw new WorkflowValidationError(`Node "${node.name}" has an unknown type "${node.type}"`, { node: node.name, field: 'type' });
  return definition;
}

function requiredInputsOf(deps: EngineDependencies, workflow: Workflow, name: string): number {
  const node = workflow.nodes.get(name);
  if (!node) return 1;
  const definition = deps.nodeTypes.find(node.type);
  return definition?.requiredInputs ? definition.requiredInputs(node) : 1;
}

/** Per-node state lives inside the run state so that it is saved with a parked run. */
function nodeStateOf(state: RunExecutionData, nodeName: string): JsonObject {
  const all = (state.executionData.nodeState ??= {});
  return (all[nodeName] ??= {});
}

/** The workflow's own zone setting wins over the service default (n8n's "DEFAULT" = none). */
function runTimezone(workflow: Workflow, fallback: string): string {
  const zone = workflow.settings.timezone;
  return typeof zone === 'string' && zone !== '' && zone !== 'DEFAULT' ? zone : fallback;
}
