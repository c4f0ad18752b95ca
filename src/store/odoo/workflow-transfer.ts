import { NotFoundError, WorkflowValidationError } from '../../errors';
import { isJsonObject, type JsonValue } from '../../workflow/json';
import type { WorkflowJson } from '../../workflow/types';
import type { OdooClient } from '../../odoo/client';
import { CANVAS_SPEC, type CanvasRecord } from './odoo-records';
import { canvasToWorkflowJson, workflowJsonToCanvasValues } from './workflow-mapping';
import { matchNodeCredentials } from './credential-links';

export interface ImportResult {
  canvasId: number;
  workflowId: string;
  /** What was imported differently from the JSON, and why. */
  warnings: string[];
}

function checkShape(json: unknown): asserts json is WorkflowJson {
  const fail = (message: string, node?: string, field?: string): never => {
    throw new WorkflowValidationError(`Cannot import the workflow: ${message}`, { node, field });
  };
  if (!isJsonObject(json)) return fail('it is not a JSON object');
  if (!Array.isArray(json.nodes)) return fail('it has no "nodes" list', undefined, 'nodes');
  if (json.connections !== undefined && !isJsonObject(json.connections)) {
    fail('"connections" is not an object', undefined, 'connections');
  }
  const names = new Set<string>();
  json.nodes.forEach((node, index) => {
    if (!isJsonObject(node) || typeof node.name !== 'string' || node.name === '') {
      return fail(`node ${index} has no name`, undefined, `nodes[${index}].name`);
    }
    if (typeof node.type !== 'string' || node.type === '') fail(`node "${node.name}" has no type`, node.name, 'type');
    if (names.has(node.name)) fail(`two nodes are named "${node.name}"`, node.name, 'name');
    names.add(node.name);
  });
}

/** n8n workflow JSON in and out of Odoo's `canvas` + `nodes`. */
export class OdooWorkflowTransfer {
  constructor(private readonly client: OdooClient) {}

  /**
   * Creates the canvas and all its nodes in one `create`. Like n8n's import, a workflow id
   * already taken gets a new one, and an error workflow that is not in Odoo is left out.
   */
  async importWorkflow(json: unknown, name?: string): Promise<ImportResult> {
    checkShape(json);
    const warnings: string[] = [];
    const workflow: WorkflowJson = { ...json, connections: json.connections ?? {} };
    if (workflow.id && (await this.client.searchCount('canvas', [['workflow_id', '=', workflow.id]])) > 0) {
      warnings.push(`workflow id "${workflow.id}" is already used by another canvas: a new one was given`);
      delete workflow.id;
    }
    const errorWorkflowCanvasId = await this.resolveErrorWorkflow(workflow, warnings);
    const credentials = await matchNodeCredentials(this.client, workflow.nodes);
    warnings.push(...credentials.missing);
    const values = workflowJsonToCanvasValues(workflow, { name, errorWorkflowCanvasId, nodeCredentials: credentials.byNode });
    const canvasId = await this.client.create('canvas', values);
    const [created] = await this.client.read<{ id: number; workflow_id: string }>('canvas', [canvasId], ['workflow_id']);
    return { canvasId, workflowId: created?.workflow_id ?? workflow.id ?? String(canvasId), warnings };
  }

  async exportWorkflow(canvasId: number | string): Promise<WorkflowJson> {
    const id = Number(canvasId);
    if (!Number.isSafeInteger(id)) throw new NotFoundError(`Canvas "${canvasId}" not found: not a canvas id`);
    const { records } = await this.client.webSearchRead<CanvasRecord>('canvas', [['id', '=', id]], CANVAS_SPEC);
    const record = records[0];
    if (!record) throw new NotFoundError(`Canvas ${id} not found`);
    return canvasToWorkflowJson(record);
  }

  private async resolveErrorWorkflow(workflow: WorkflowJson, warnings: string[]): Promise<number | undefined> {
    const reference = workflow.settings?.errorWorkflow;
    if (typeof reference !== 'string' || reference === '') return undefined;
    const domain: JsonValue[] = /^\d+$/.test(reference)
      ? ['|', ['id', '=', Number(reference)], ['workflow_id', '=', reference]]
      : [['workflow_id', '=', reference]];
    const [found] = await this.client.search('canvas', domain, { limit: 1 });
    if (found === undefined) warnings.push(`error workflow "${reference}" is not in Odoo: the setting was left out`);
    return found;
  }
}
