import type { WorkflowNode } from '../workflow/types';
import type { Item, Run, RunExecutionData, TaskData } from '../contracts/run-data';

/** One finished (or parked) node run, as the per-node log needs it. */
export interface NodeRunRecord {
  node: WorkflowNode;
  runIndex: number;
  task: TaskData;
  /** Items on input 0 (what the node was given). */
  inputItems: Item[];
}

/**
 * The engine's only way out: stores, metrics and the HTTP layer listen here. Handlers are
 * awaited in order so that a store sees node runs in the order they happened.
 */
export interface ExecutionHooks {
  nodeExecuteBefore?(node: WorkflowNode, runIndex: number): Promise<void> | void;
  nodeExecuteAfter?(record: NodeRunRecord, state: RunExecutionData): Promise<void> | void;
  workflowExecuteAfter?(run: Run): Promise<void> | void;
}
