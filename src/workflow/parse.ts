import { WorkflowValidationError } from '../errors';
import { isJsonObject, type JsonObject } from './json';
import type {
  ConnectionTarget,
  ConnectionsJson,
  IncomingConnection,
  NodeJson,
  OnErrorMode,
  Workflow,
  WorkflowJson,
  WorkflowNode,
} from './types';

/** What the workflow model needs from the node registry (kept abstract: workflow/ imports no nodes). */
export interface NodeTypeResolver {
  resolve(type: string, version: number | undefined, nodeName: string): { type: string; version: number };
}

export const STICKY_NOTE_TYPE = 'n8n-nodes-base.stickyNote';
const ON_ERROR_MODES: readonly OnErrorMode[] = ['stopWorkflow', 'continueRegularOutput', 'continueErrorOutput'];
export const RETRY_LIMITS = { minTries: 1, maxTries: 10, minWaitMs: 0, maxWaitMs: 60_000 } as const;

/** Parses JSON text into a workflow; every failure names what is wrong. */
export function parseWorkflowText(text: string, label: string, resolver: NodeTypeResolver, fallbackId?: string): Workflow {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new WorkflowValidationError(`Workflow ${label} is not valid JSON: ${(error as Error).message}`, {
      workflow: label,
    });
  }
  return buildWorkflow(parsed, resolver, { label, fallbackId });
}

/** Validates n8n workflow JSON and indexes it into the graph the engine runs. */
export function buildWorkflow(
  input: unknown,
  resolver: NodeTypeResolver,
  options: { label?: string; fallbackId?: string } = {},
): Workflow {
  const label = options.label ?? 'workflow';
  if (!isJsonObject(input)) {
    throw new WorkflowValidationError(`Workflow ${label} must be a JSON object`, { workflow: label });
  }
  const json = input as unknown as WorkflowJson;
  const workflowName = typeof json.name === 'string' && json.name !== '' ? json.name : label;
  const fail = (message: string, node?: string, field?: string): never => {
    throw new WorkflowValidationError(`Workflow "${workflowName}": ${message}`, { workflow: workflowName, node, field });
  };
  if (!Array.isArray(json.nodes)) fail('"nodes" must be an array', undefined, 'nodes');
  const nodes = new Map<string, WorkflowNode>();
  for (const [index, raw] of json.nodes.entries()) {
    if (!isJsonObject(raw)) fail(`node #${index + 1} must be an object`, undefined, 'nodes');
    const nodeJson = raw as unknown as NodeJson;
    if (typeof nodeJson.name !== 'string' || nodeJson.name === '') fail(`node #${index + 1} has no name`, undefined, 'name');
    if (typeof nodeJson.type !== 'string' || nodeJson.type === '') fail(`node "${nodeJson.name}" has no type`, nodeJson.name, 'type');
    if (nodeJson.type === STICKY_NOTE_TYPE) continue;
    if (nodes.has(nodeJson.name)) fail(`two nodes are named "${nodeJson.name}"`, nodeJson.name, 'name');
    nodes.set(nodeJson.name, buildNode(nodeJson, index, resolver, fail));
  }
  if (nodes.size === 0) fail('has no nodes', undefined, 'nodes');
  const connections = json.connections ?? {};
  if (!isJsonObject(connections)) fail('"connections" must be an object', undefined, 'connections');
  const { bySource, byDestination } = indexConnections(connections as ConnectionsJson, nodes, fail);
  const { subNodesByRoot, subNodeNames } = indexSubNodeConnections(connections as ConnectionsJson, nodes, fail);
  const settings = isJsonObject(json.settings) ? json.settings : {};
  const id = typeof json.id === 'string' && json.id !== '' ? json.id : (options.fallbackId ?? workflowName);
  return {
    id: String(id),
    name: workflowName,
    active: json.active === true,
    nodes,
    connectionsBySource: bySource,
    connectionsByDestination: byDestination,
    subNodesByRoot,
    subNodeNames,
    settings,
    staticData: isJsonObject(json.staticData) ? json.staticData : {},
    pinData: isJsonObject(json.pinData) ? (json.pinData as WorkflowJson['pinData'] & object) : {},
    source: json,
  };
}

function buildNode(
  json: NodeJson,
  index: number,
  resolver: NodeTypeResolver,
  fail: (message: string, node?: string, field?: string) => never,
): WorkflowNode {
  const name = json.name;
  const version = json.typeVersion === undefined || json.typeVersion === null ? undefined : Number(json.typeVersion);
  const resolved = resolver.resolve(json.type, version, name);
  const parameters: JsonObject = isJsonObject(json.parameters) ? json.parameters : {};
  const maxTries = json.maxTries ?? 3;
  const waitBetweenTries = json.waitBetweenTries ?? 1000;
  if (json.retryOnFail === true) {
    if (!Number.isInteger(maxTries) || maxTries < RETRY_LIMITS.minTries || maxTries > RETRY_LIMITS.maxTries) {
      fail(`node "${name}": maxTries must be an integer from 1 to 10, got ${JSON.stringify(maxTries)}`, name, 'maxTries');
    }
    if (typeof waitBetweenTries !== 'number' || waitBetweenTries < RETRY_LIMITS.minWaitMs || waitBetweenTries > RETRY_LIMITS.maxWaitMs) {
      fail(
        `node "${name}": waitBetweenTries must be from 0 to 60000 ms, got ${JSON.stringify(waitBetweenTries)}`,
        name,
        'waitBetweenTries',
      );
    }
  }
  let onError: OnErrorMode = json.continueOnFail === true ? 'continueRegularOutput' : 'stopWorkflow';
  if (json.onError !== undefined) {
    if (!ON_ERROR_MODES.includes(json.onError)) {
      fail(`node "${name}": onError must be one of ${ON_ERROR_MODES.join(', ')}, got "${String(json.onError)}"`, name, 'onError');
    }
    onError = json.onError;
  }
  const position: [number, number] =
    Array.isArray(json.position) && json.position.length >= 2
      ? [Number(json.position[0]) || 0, Number(json.position[1]) || 0]
      : [0, 0];
  return {
    id: typeof json.id === 'string' && json.id !== '' ? json.id : `node-${index + 1}`,
    name,
    type: resolved.type,
    typeVersion: resolved.version,
    position,
    parameters,
    disabled: json.disabled === true,
    retryOnFail: json.retryOnFail === true,
    maxTries,
    waitBetweenTries,
    retryBackoff: json.retryBackoff === 'exponential' ? 'exponential' : 'fixed',
    onError,
    alwaysOutputData: json.alwaysOutputData === true,
    executeOnce: json.executeOnce === true,
    webhookId: json.webhookId,
    notes: json.notes,
    credentials: isJsonObject(json.credentials) ? json.credentials : undefined,
  };
}

function indexConnections(
  connections: ConnectionsJson,
  nodes: ReadonlyMap<string, WorkflowNode>,
  fail: (message: string, node?: string, field?: string) => never,
): {
  bySource: Map<string, ConnectionTarget[][]>;
  byDestination: Map<string, IncomingConnection[]>;
} {
  const bySource = new Map<string, ConnectionTarget[][]>();
  const byDestination = new Map<string, IncomingConnection[]>();
  for (const [sourceName, byType] of Object.entries(connections)) {
    if (!nodes.has(sourceName)) {
      // Connections from sticky notes or deleted nodes are harmless only when empty.
      const hasTargets = Object.values(byType ?? {}).some((outputs) => (outputs ?? []).some((t) => (t ?? []).length > 0));
      if (hasTargets) fail(`connections come from a node "${sourceName}" that does not exist`, sourceName, 'connections');
      continue;
    }
    const outputs: ConnectionTarget[][] = [];
    for (const [outputIndex, targets] of (byType.main ?? []).entries()) {
      outputs[outputIndex] = [];
      for (const target of targets ?? []) {
        if (!isJsonObject(target) || typeof target.node !== 'string') {
          fail(`a connection from "${sourceName}" has no target node`, sourceName, 'connections');
        }
        if (!nodes.has(target.node)) {
          fail(`node "${sourceName}" connects to a node "${target.node}" that does not exist`, sourceName, 'connections');
        }
        const inputIndex = typeof target.index === 'number' ? target.index : 0;
        outputs[outputIndex].push({ node: target.node, type: 'main', index: inputIndex });
        const incoming = byDestination.get(target.node) ?? [];
        incoming.push({ sourceNode: sourceName, sourceOutput: outputIndex, inputIndex });
        byDestination.set(target.node, incoming);
      }
    }
    for (let i = 0; i < outputs.length; i++) outputs[i] ??= [];
    bySource.set(sourceName, outputs);
  }
  return { bySource, byDestination };
}

/**
 * Indexes every connection type other than `main` (n8n's sub-node connections) by the root
 * node they point at. Unknown types are kept too: a root node decides what it asks for.
 */
function indexSubNodeConnections(
  connections: ConnectionsJson,
  nodes: ReadonlyMap<string, WorkflowNode>,
  fail: (message: string, node?: string, field?: string) => never,
): { subNodesByRoot: Map<string, Map<string, string[]>>; subNodeNames: Set<string> } {
  const subNodesByRoot = new Map<string, Map<string, string[]>>();
  const subNodeNames = new Set<string>();
  for (const [sourceName, byType] of Object.entries(connections)) {
    if (!nodes.has(sourceName) || !isJsonObject(byType)) continue;
    for (const [type, outputs] of Object.entries(byType)) {
      if (type === 'main' || !Array.isArray(outputs)) continue;
      for (const targets of outputs) {
        for (const target of Array.isArray(targets) ? targets : []) {
          if (!isJsonObject(target) || typeof target.node !== 'string') {
            fail(`a ${type} connection from "${sourceName}" has no target node`, sourceName, 'connections');
          }
          if (!nodes.has(target.node)) {
            fail(`node "${sourceName}" connects (${type}) to a node "${target.node}" that does not exist`, sourceName, 'connections');
          }
          const byRootType = subNodesByRoot.get(target.node) ?? new Map<string, string[]>();
          const list = byRootType.get(type) ?? [];
          if (!list.includes(sourceName)) list.push(sourceName);
          byRootType.set(type, list);
          subNodesByRoot.set(target.node, byRootType);
          subNodeNames.add(sourceName);
        }
      }
    }
  }
  return { subNodesByRoot, subNodeNames };
}
