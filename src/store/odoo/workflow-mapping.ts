import { WorkflowValidationError } from '../../errors';
import { isJsonObject, type JsonObject, type JsonValue } from '../../workflow/json';
import type {
  ConnectionsJson,
  NodeJson,
  OnErrorMode,
  WorkflowJson,
  WorkflowSettingsJson,
} from '../../workflow/types';
import type { CanvasRecord, NodeRecord } from './odoo-records';
import { nodeCredentialsJson, type NodeCredentialLinks } from './credential-links';

/** n8n's defaults, which are also the addon's field defaults: omitted from JSON when unchanged. */
const DEFAULT_MAX_TRIES = 3;
const DEFAULT_WAIT_BETWEEN_TRIES_MS = 1000;
const ON_ERROR_MODES: readonly string[] = ['stopWorkflow', 'continueRegularOutput', 'continueErrorOutput'];

/** Settings that have their own canvas field; every other setting lives in `canvas.settings`. */
const FIELD_SETTINGS = [
  'executionTimeout',
  'saveManualExecutions',
  'saveDataSuccessExecution',
  'saveDataErrorExecution',
  'saveExecutionProgress',
  'timezone',
  'errorWorkflow',
] as const;

function parseJsonText(
  text: string | false,
  fallback: JsonObject,
  where: { canvas: CanvasRecord; node?: string; field: string },
): JsonObject {
  if (text === false || text.trim() === '') return fallback;
  let value: JsonValue;
  try {
    value = JSON.parse(text) as JsonValue;
  } catch (error) {
    throw invalidJson(where, (error as Error).message);
  }
  if (!isJsonObject(value)) throw invalidJson(where, 'it is not a JSON object');
  return value;
}

function invalidJson(where: { canvas: CanvasRecord; node?: string; field: string }, reason: string): WorkflowValidationError {
  const owner = where.node ? `node "${where.node}" of canvas ${where.canvas.id}` : `canvas ${where.canvas.id}`;
  return new WorkflowValidationError(
    `The ${where.field} of ${owner} ("${where.canvas.name}") is not valid JSON: ${reason}`,
    { workflow: String(where.canvas.id), node: where.node, field: where.field },
  );
}

/** One `nodes` record as n8n node JSON (the rules of DESIGN.md "Odoo node fields to n8n JSON"). */
export function nodeRecordToJson(record: NodeRecord, canvas: CanvasRecord): NodeJson {
  const node: NodeJson = {
    id: record.node_id || String(record.id),
    name: record.name,
    type: record.type,
    position: [record.position_x || 0, record.position_y || 0],
    parameters: parseJsonText(record.parameters, {}, { canvas, node: record.name, field: 'parameters' }),
  };
  // type_version 0 or empty: the newest version the engine has for this type.
  if (record.type_version) node.typeVersion = record.type_version;
  if (record.disabled) node.disabled = true;
  if (record.notes) node.notes = record.notes;
  const maxTries = record.max_retries === false ? DEFAULT_MAX_TRIES : record.max_retries;
  const wait = record.retry_interval === false ? DEFAULT_WAIT_BETWEEN_TRIES_MS : record.retry_interval;
  if (record.retry_on_failure) node.retryOnFail = true;
  if (record.retry_on_failure || maxTries !== DEFAULT_MAX_TRIES) node.maxTries = maxTries;
  if (record.retry_on_failure || wait !== DEFAULT_WAIT_BETWEEN_TRIES_MS) node.waitBetweenTries = wait;
  if (record.continue_on_fail) node.continueOnFail = true;
  if (record.on_error && ON_ERROR_MODES.includes(record.on_error)) node.onError = record.on_error as OnErrorMode;
  if (record.always_output_data) node.alwaysOutputData = true;
  if (record.execute_once) node.executeOnce = true;
  if (record.webhook_id) node.webhookId = record.webhook_id;
  const credentials = nodeCredentialsJson(record, (reason) => invalidJson({ canvas, node: record.name, field: 'credential_refs' }, reason));
  if (credentials !== undefined) node.credentials = credentials;
  return node;
}

function canvasSettings(canvas: CanvasRecord): WorkflowSettingsJson {
  const settings: WorkflowSettingsJson = parseJsonText(canvas.settings, {}, { canvas, field: 'settings' });
  // The canvas fields are what Odoo users edit: they win over the same keys in the JSON text.
  if (canvas.execution_timeout !== false) settings.executionTimeout = canvas.execution_timeout;
  settings.saveManualExecutions = canvas.save_manual_executions;
  settings.saveExecutionProgress = canvas.save_execution_progress;
  if (canvas.save_success_executions === 'all' || canvas.save_success_executions === 'none') {
    settings.saveDataSuccessExecution = canvas.save_success_executions;
  }
  if (canvas.save_error_executions === 'all' || canvas.save_error_executions === 'none') {
    settings.saveDataErrorExecution = canvas.save_error_executions;
  }
  if (canvas.timezone) settings.timezone = canvas.timezone;
  else delete settings.timezone;
  if (canvas.error_workflow_id) {
    settings.errorWorkflow = canvas.error_workflow_id.workflow_id || String(canvas.error_workflow_id.id);
  } else {
    delete settings.errorWorkflow;
  }
  return settings;
}

/** A canvas record and its nodes as n8n workflow JSON; nodes in creation order. */
export function canvasToWorkflowJson(canvas: CanvasRecord): WorkflowJson {
  const nodes = [...canvas.node_ids].sort((a, b) => a.id - b.id).map((record) => nodeRecordToJson(record, canvas));
  return {
    id: canvas.workflow_id || String(canvas.id),
    name: canvas.name,
    active: canvas.active_workflow,
    nodes,
    connections: parseJsonText(canvas.connections, {}, { canvas, field: 'connections' }) as unknown as ConnectionsJson,
    settings: canvasSettings(canvas),
  };
}

/**
 * Values of one `nodes` record (without canvas_id: it is created through the canvas's one2many).
 * `credentials`: the node's n8n references as the caller matched them to Odoo records.
 */
export function nodeJsonToValues(node: NodeJson, credentials?: NodeCredentialLinks): JsonObject {
  const values: JsonObject = {
    name: node.name,
    type: node.type,
    type_version: node.typeVersion ?? 0,
    parameters: JSON.stringify(node.parameters ?? {}),
    position_x: node.position?.[0] ?? 0,
    position_y: node.position?.[1] ?? 0,
    disabled: node.disabled === true,
    retry_on_failure: node.retryOnFail === true,
    max_retries: node.maxTries ?? DEFAULT_MAX_TRIES,
    retry_interval: node.waitBetweenTries ?? DEFAULT_WAIT_BETWEEN_TRIES_MS,
    continue_on_fail: node.continueOnFail === true,
    on_error: node.onError ?? false,
    always_output_data: node.alwaysOutputData === true,
    execute_once: node.executeOnce === true,
    notes: node.notes ?? false,
    webhook_id: node.webhookId ?? false,
  };
  // Without an id the addon's default makes one.
  if (node.id) values.node_id = node.id;
  if (credentials !== undefined) {
    values.credential_ids = [[6, 0, credentials.recordIds]];
    values.credential_refs = Object.keys(credentials.unmatched).length > 0 ? JSON.stringify(credentials.unmatched) : false;
  } else if (node.credentials !== undefined && Object.keys(node.credentials).length > 0) {
    // Not matched to records by the caller: kept as references, which resolve by id or name.
    values.credential_refs = JSON.stringify(node.credentials);
  }
  return values;
}

export interface CanvasValuesOptions {
  /** Overrides the JSON's own name. */
  name?: string;
  /** The canvas record id `settings.errorWorkflow` resolved to (the caller looks it up). */
  errorWorkflowCanvasId?: number;
  /** Per node name, its credential references matched to `credentials` records. */
  nodeCredentials?: ReadonlyMap<string, NodeCredentialLinks>;
}

/** Canvas values for `create`/`write`, the nodes as one2many CREATE commands. */
export function workflowJsonToCanvasValues(json: WorkflowJson, options: CanvasValuesOptions = {}): JsonObject {
  const settings: WorkflowSettingsJson = { ...(json.settings ?? {}) };
  const values: JsonObject = {
    name: options.name ?? json.name ?? 'Imported workflow',
    connections: JSON.stringify(json.connections ?? {}),
    error_workflow_id: options.errorWorkflowCanvasId ?? false,
    timezone: typeof settings.timezone === 'string' && settings.timezone !== '' ? settings.timezone : false,
    node_ids: json.nodes.map((node): JsonValue => [0, 0, nodeJsonToValues(node, options.nodeCredentials?.get(node.name))]),
  };
  if (json.id) values.workflow_id = json.id;
  if (typeof settings.executionTimeout === 'number') values.execution_timeout = settings.executionTimeout;
  if (typeof settings.saveManualExecutions === 'boolean') values.save_manual_executions = settings.saveManualExecutions;
  if (typeof settings.saveExecutionProgress === 'boolean') {
    values.save_execution_progress = settings.saveExecutionProgress;
  }
  if (settings.saveDataSuccessExecution) values.save_success_executions = settings.saveDataSuccessExecution;
  if (settings.saveDataErrorExecution) values.save_error_executions = settings.saveDataErrorExecution;
  for (const key of FIELD_SETTINGS) delete settings[key];
  values.settings = JSON.stringify(settings);
  return values;
}
