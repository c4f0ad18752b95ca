import type { JsonObject } from '../../workflow/json';

/**
 * Records as `web_search_read` returns them for the specifications below. Odoo sends
 * `false` for every empty field, whatever its type; a Many2one read through a
 * specification is `{id, ...fields}` or `false`.
 */
export type OdooFalse = false;

export type NodeRecord = {
  id: number;
  name: string;
  node_id: string | OdooFalse;
  type: string;
  type_version: number | OdooFalse;
  parameters: string | OdooFalse;
  position_x: number | OdooFalse;
  position_y: number | OdooFalse;
  disabled: boolean;
  retry_on_failure: boolean;
  max_retries: number | OdooFalse;
  retry_interval: number | OdooFalse;
  continue_on_fail: boolean;
  on_error: string | OdooFalse;
  always_output_data: boolean;
  execute_once: boolean;
  notes: string | OdooFalse;
  webhook_id: string | OdooFalse;
  write_date?: string;
  /** The credentials the node uses (one per type); absent from records read without them. */
  credential_ids?: LinkedCredential[];
  /** JSON `{type: {id, name}}`: references an import found no credential for. */
  credential_refs?: string | OdooFalse;
};

/** A `credentials` record as a node links it: never its ciphertext. */
export type LinkedCredential = { id: number; credential_id: string; name: string; type: string };

export type CanvasRecord = {
  id: number;
  name: string;
  workflow_id: string | OdooFalse;
  connections: string | OdooFalse;
  settings: string | OdooFalse;
  active_workflow: boolean;
  activated_at: string | OdooFalse;
  execution_timeout: number | OdooFalse;
  save_execution_progress: boolean;
  save_manual_executions: boolean;
  save_success_executions: string | OdooFalse;
  save_error_executions: string | OdooFalse;
  timezone: string | OdooFalse;
  error_workflow_id: { id: number; workflow_id: string | OdooFalse } | OdooFalse;
  write_date: string;
  node_ids: NodeRecord[];
};

const NODE_FIELDS = [
  'name',
  'node_id',
  'type',
  'type_version',
  'parameters',
  'position_x',
  'position_y',
  'disabled',
  'retry_on_failure',
  'max_retries',
  'retry_interval',
  'continue_on_fail',
  'on_error',
  'always_output_data',
  'execute_once',
  'notes',
  'webhook_id',
  'write_date',
  'credential_refs',
] as const;

const CANVAS_FIELDS = [
  'name',
  'workflow_id',
  'connections',
  'settings',
  'active_workflow',
  'activated_at',
  'execution_timeout',
  'save_execution_progress',
  'save_manual_executions',
  'save_success_executions',
  'save_error_executions',
  'timezone',
  'write_date',
] as const;

function plain(fields: readonly string[]): JsonObject {
  return Object.fromEntries(fields.map((field) => [field, {}]));
}

/** A canvas with its nodes and its error workflow's workflow_id, in one `web_search_read`. */
export const CANVAS_SPEC: JsonObject = {
  ...plain(CANVAS_FIELDS),
  error_workflow_id: { fields: { workflow_id: {} } },
  node_ids: { fields: { ...plain(NODE_FIELDS), credential_ids: { fields: { credential_id: {}, name: {}, type: {} } } } },
};

/** Just enough to tell whether a cached definition changed (the cheap check). */
export const CANVAS_VERSION_SPEC: JsonObject = {
  write_date: {},
  workflow_id: {},
  node_ids: { fields: { write_date: {} } },
};

export type CanvasVersionRecord = {
  id: number;
  write_date: string;
  workflow_id: string | OdooFalse;
  node_ids: Array<{ id: number; write_date: string }>;
};

/** Canvas and node version stamps in one string: equal strings, same definition. */
export function canvasVersion(record: Pick<CanvasVersionRecord, 'write_date'> & {
  node_ids: ReadonlyArray<{ id: number; write_date?: string }>;
}): string {
  const nodes = [...record.node_ids]
    .sort((a, b) => a.id - b.id)
    .map((node) => `${node.id}@${node.write_date ?? ''}`)
    .join(',');
  return `${record.write_date}|${nodes}`;
}
