import type { JsonObject } from './json';

/** One connection end as n8n exports it: `{node, type: 'main', index}`. */
export interface ConnectionTarget {
  node: string;
  type: string;
  index: number;
}

/** `connections[sourceNode][type][outputIndex]` = targets, exactly n8n's export shape. */
export type ConnectionsJson = Record<string, Record<string, Array<ConnectionTarget[] | null>>>;

export type OnErrorMode = 'stopWorkflow' | 'continueRegularOutput' | 'continueErrorOutput';

/** A node as it appears in n8n's workflow export JSON. */
export interface NodeJson {
  id?: string;
  name: string;
  type: string;
  typeVersion?: number;
  position?: [number, number];
  parameters?: JsonObject;
  disabled?: boolean;
  notes?: string;
  retryOnFail?: boolean;
  maxTries?: number;
  waitBetweenTries?: number;
  /** Our extension: 'fixed' (n8n) or 'exponential'. */
  retryBackoff?: 'fixed' | 'exponential';
  continueOnFail?: boolean;
  onError?: OnErrorMode;
  alwaysOutputData?: boolean;
  executeOnce?: boolean;
  webhookId?: string;
  credentials?: JsonObject;
}

export interface WorkflowSettingsJson {
  executionOrder?: 'v0' | 'v1';
  errorWorkflow?: string;
  timezone?: string;
  executionTimeout?: number;
  saveManualExecutions?: boolean;
  saveDataSuccessExecution?: 'all' | 'none';
  saveDataErrorExecution?: 'all' | 'none';
  saveExecutionProgress?: boolean;
  callerPolicy?: string;
  [key: string]: unknown;
}

/** n8n's workflow export JSON. */
export interface WorkflowJson {
  id?: string;
  name?: string;
  active?: boolean;
  nodes: NodeJson[];
  connections: ConnectionsJson;
  settings?: WorkflowSettingsJson;
  staticData?: JsonObject | null;
  pinData?: Record<string, Array<{ json: JsonObject }>>;
}

/** A node after validation: type resolved to the full n8n name, defaults filled in. */
export interface WorkflowNode {
  id: string;
  name: string;
  /** Full n8n type name, e.g. `n8n-nodes-base.set` (aliases already resolved). */
  type: string;
  typeVersion: number;
  position: [number, number];
  parameters: JsonObject;
  disabled: boolean;
  retryOnFail: boolean;
  maxTries: number;
  waitBetweenTries: number;
  retryBackoff: 'fixed' | 'exponential';
  onError: OnErrorMode;
  alwaysOutputData: boolean;
  executeOnce: boolean;
  webhookId?: string;
  notes?: string;
  credentials?: JsonObject;
}

/** One incoming edge seen from the destination node. */
export interface IncomingConnection {
  sourceNode: string;
  sourceOutput: number;
  inputIndex: number;
}

/** The validated, indexed workflow graph the engine runs. Immutable once built. */
export interface Workflow {
  id: string;
  name: string;
  active: boolean;
  nodes: ReadonlyMap<string, WorkflowNode>;
  /** connectionsBySource[node][outputIndex] = targets (main connections only). */
  connectionsBySource: ReadonlyMap<string, ReadonlyArray<ReadonlyArray<ConnectionTarget>>>;
  /** For each destination node, its incoming main connections. */
  connectionsByDestination: ReadonlyMap<string, ReadonlyArray<IncomingConnection>>;
  /**
   * Sub-node connections (`ai_languageModel`, `ai_tool`...): for each root node, by connection
   * type, the sub-nodes connected to it, in n8n's order (connection source order). Sub-nodes
   * never run as main nodes: roots ask for what they supply.
   */
  subNodesByRoot: ReadonlyMap<string, ReadonlyMap<string, ReadonlyArray<string>>>;
  /** Every node that is the source of a sub-node connection. */
  subNodeNames: ReadonlySet<string>;
  settings: WorkflowSettingsJson;
  staticData: JsonObject;
  pinData: Record<string, Array<{ json: JsonObject }>>;
  /** The JSON this workflow was built from (stored as the execution's workflow snapshot). */
  source: WorkflowJson;
}
