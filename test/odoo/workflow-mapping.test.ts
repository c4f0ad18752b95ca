import { WorkflowValidationError } from '../../src/errors';
import type { JsonObject, JsonValue } from '../../src/workflow/json';
import type { WorkflowJson } from '../../src/workflow/types';
import type { CanvasRecord, NodeRecord } from '../../src/store/odoo/odoo-records';
import { canvasToWorkflowJson, workflowJsonToCanvasValues } from '../../src/store/odoo/workflow-mapping';

function nodeRecord(id: number, values: Partial<NodeRecord>): NodeRecord {
  return {
    id,
    name: `Node ${id}`,
    node_id: false,
    type: 'noOp',
    type_version: 0,
    parameters: '{}',
    position_x: 0,
    position_y: 0,
    disabled: false,
    retry_on_failure: false,
    max_retries: 3,
    retry_interval: 1000,
    continue_on_fail: false,
    on_error: false,
    always_output_data: false,
    execute_once: false,
    notes: false,
    webhook_id: false,
    write_date: '2026-01-02 10:00:00',
    ...values,
  };
}

function canvasRecord(values: Partial<CanvasRecord>): CanvasRecord {
  return {
    id: 7,
    name: 'Seed workflow',
    workflow_id: 'test_wf_1',
    connections: '{}',
    settings: '{}',
    active_workflow: false,
    activated_at: false,
    execution_timeout: 3600,
    save_execution_progress: false,
    save_manual_executions: true,
    save_success_executions: 'all',
    save_error_executions: 'all',
    timezone: false,
    error_workflow_id: false,
    write_date: '2026-01-02 10:00:00',
    node_ids: [],
    ...values,
  };
}

/** What Odoo would read back after creating `values` (one2many commands unpacked). */
function asRecords(values: JsonObject): CanvasRecord {
  const nodes = (values.node_ids as JsonValue[]).map((command, index) => {
    const vals = (command as JsonValue[])[2] as JsonObject;
    return nodeRecord(index + 1, { ...(vals as Partial<NodeRecord>), node_id: (vals.node_id as string) ?? `generated-${index}` });
  });
  const { node_ids: _nodes, error_workflow_id: _error, ...canvas } = values;
  return canvasRecord({
    ...(canvas as Partial<CanvasRecord>),
    error_workflow_id: values.error_workflow_id ? { id: values.error_workflow_id as number, workflow_id: 'wf-errors' } : false,
    node_ids: nodes,
  });
}

describe('canvas + nodes -> n8n workflow JSON', () => {
  it('maps the seed test workflow (Manual Trigger -> Set with shorthand values)', () => {
    const json = canvasToWorkflowJson(
      canvasRecord({
        connections: JSON.stringify({ 'Manual Trigger': { main: [[{ node: 'Set Node', type: 'main', index: 0 }]] } }),
        node_ids: [
          nodeRecord(12, { name: 'Set Node', node_id: 'node_2', type: 'set', parameters: '{"values": {"test": "value"}}' }),
          nodeRecord(11, { name: 'Manual Trigger', node_id: 'node_1', type: 'manual', parameters: false }),
        ],
      }),
    );
    expect(json).toEqual({
      id: 'test_wf_1',
      name: 'Seed workflow',
      active: false,
      nodes: [
        { id: 'node_1', name: 'Manual Trigger', type: 'manual', position: [0, 0], parameters: {} },
        { id: 'node_2', name: 'Set Node', type: 'set', position: [0, 0], parameters: { values: { test: 'value' } } },
      ],
      connections: { 'Manual Trigger': { main: [[{ node: 'Set Node', type: 'main', index: 0 }]] } },
      settings: {
        executionTimeout: 3600,
        saveManualExecutions: true,
        saveExecutionProgress: false,
        saveDataSuccessExecution: 'all',
        saveDataErrorExecution: 'all',
      },
    });
  });

  it('maps the error-handling fields: retry, continue on fail, on_error winning', () => {
    const canvas = canvasRecord({
      node_ids: [
        nodeRecord(1, {
          name: 'HTTP Request',
          type: 'httpRequest',
          type_version: 4.2,
          retry_on_failure: true,
          max_retries: 3,
          retry_interval: 5,
          continue_on_fail: true,
          on_error: 'continueErrorOutput',
          always_output_data: true,
          execute_once: true,
          disabled: true,
          notes: 'calls the API',
          webhook_id: 'hook-1',
          position_x: 100.5,
          position_y: -20,
        }),
      ],
    });
    expect(canvasToWorkflowJson(canvas).nodes[0]).toEqual({
      id: '1',
      name: 'HTTP Request',
      type: 'httpRequest',
      typeVersion: 4.2,
      position: [100.5, -20],
      parameters: {},
      disabled: true,
      notes: 'calls the API',
      retryOnFail: true,
      maxTries: 3,
      waitBetweenTries: 5,
      continueOnFail: true,
      onError: 'continueErrorOutput',
      alwaysOutputData: true,
      executeOnce: true,
      webhookId: 'hook-1',
    });
  });

  it('keeps non-default retry settings even when retry is off, and drops them when default', () => {
    const canvas = canvasRecord({
      node_ids: [nodeRecord(1, { max_retries: 5 }), nodeRecord(2, { name: 'Plain' })],
    });
    const [custom, plain] = canvasToWorkflowJson(canvas).nodes;
    expect(custom?.maxTries).toBe(5);
    expect(custom?.waitBetweenTries).toBeUndefined();
    expect(plain).toEqual({ id: '2', name: 'Plain', type: 'noOp', position: [0, 0], parameters: {} });
  });

  it('merges the settings JSON with the canvas fields, which win', () => {
    const json = canvasToWorkflowJson(
      canvasRecord({
        settings: JSON.stringify({ executionOrder: 'v1', executionTimeout: 5, callerPolicy: 'any', timezone: 'UTC' }),
        execution_timeout: 120,
        save_manual_executions: false,
        save_execution_progress: true,
        save_success_executions: 'none',
        save_error_executions: 'all',
        timezone: 'Europe/Berlin',
        error_workflow_id: { id: 3, workflow_id: 'wf-errors' },
      }),
    );
    expect(json.settings).toEqual({
      executionOrder: 'v1',
      callerPolicy: 'any',
      executionTimeout: 120,
      saveManualExecutions: false,
      saveExecutionProgress: true,
      saveDataSuccessExecution: 'none',
      saveDataErrorExecution: 'all',
      timezone: 'Europe/Berlin',
      errorWorkflow: 'wf-errors',
    });
  });

  it('names canvas, node and field when parameters are not JSON', () => {
    const canvas = canvasRecord({ node_ids: [nodeRecord(4, { name: 'Broken', parameters: '{"values": ' })] });
    expect(() => canvasToWorkflowJson(canvas)).toThrow(WorkflowValidationError);
    expect(() => canvasToWorkflowJson(canvas)).toThrow(
      'The parameters of node "Broken" of canvas 7 ("Seed workflow") is not valid JSON: Unexpected end of JSON input',
    );
  });

  it('refuses connections that are not a JSON object', () => {
    expect(() => canvasToWorkflowJson(canvasRecord({ connections: '[1]' }))).toThrow(
      'The connections of canvas 7 ("Seed workflow") is not valid JSON: it is not a JSON object',
    );
  });
});

describe('n8n workflow JSON -> canvas values', () => {
  const workflow: WorkflowJson = {
    id: 'wf-42',
    name: 'Orders',
    nodes: [
      { id: 'n1', name: 'Webhook', type: 'n8n-nodes-base.webhook', typeVersion: 2, position: [0, 0], parameters: { path: 'orders' }, webhookId: 'w-1' },
      {
        id: 'n2',
        name: 'Call API',
        type: 'httpRequest',
        position: [200, 40],
        parameters: { url: '={{ $json.url }}' },
        retryOnFail: true,
        maxTries: 5,
        waitBetweenTries: 3000,
        onError: 'continueRegularOutput',
        notes: 'slow API',
      },
      { id: 'n3', name: 'Done', type: 'noOp', position: [400, 40], parameters: {}, disabled: true, alwaysOutputData: true, executeOnce: true },
    ],
    connections: {
      Webhook: { main: [[{ node: 'Call API', type: 'main', index: 0 }]] },
      'Call API': { main: [[{ node: 'Done', type: 'main', index: 0 }]] },
    },
    settings: {
      executionOrder: 'v1',
      executionTimeout: 300,
      saveManualExecutions: false,
      saveDataSuccessExecution: 'none',
      saveDataErrorExecution: 'all',
      saveExecutionProgress: true,
      timezone: 'Europe/Paris',
      errorWorkflow: 'wf-errors',
    },
  };

  it('gives the canvas fields, the extra settings as JSON text and the nodes as CREATE commands', () => {
    const values = workflowJsonToCanvasValues(workflow, { errorWorkflowCanvasId: 3 });
    expect(values).toEqual({
      name: 'Orders',
      workflow_id: 'wf-42',
      connections: JSON.stringify(workflow.connections),
      settings: '{"executionOrder":"v1"}',
      execution_timeout: 300,
      save_manual_executions: false,
      save_execution_progress: true,
      save_success_executions: 'none',
      save_error_executions: 'all',
      timezone: 'Europe/Paris',
      error_workflow_id: 3,
      node_ids: [
        [0, 0, expect.objectContaining({ name: 'Webhook', node_id: 'n1', type: 'n8n-nodes-base.webhook', type_version: 2, webhook_id: 'w-1', parameters: '{"path":"orders"}' })],
        [
          0,
          0,
          {
            name: 'Call API',
            node_id: 'n2',
            type: 'httpRequest',
            type_version: 0,
            parameters: '{"url":"={{ $json.url }}"}',
            position_x: 200,
            position_y: 40,
            disabled: false,
            retry_on_failure: true,
            max_retries: 5,
            retry_interval: 3000,
            continue_on_fail: false,
            on_error: 'continueRegularOutput',
            always_output_data: false,
            execute_once: false,
            notes: 'slow API',
            webhook_id: false,
          },
        ],
        [0, 0, expect.objectContaining({ name: 'Done', disabled: true, always_output_data: true, execute_once: true, max_retries: 3, retry_interval: 1000 })],
      ],
    });
  });

  it('takes a given name over the JSON one and leaves the error workflow empty when unresolved', () => {
    const values = workflowJsonToCanvasValues(workflow, { name: 'Imported orders' });
    expect(values.name).toBe('Imported orders');
    expect(values.error_workflow_id).toBe(false);
  });

  it('round-trips: JSON -> Odoo values -> records -> the same JSON', () => {
    const back = canvasToWorkflowJson(asRecords(workflowJsonToCanvasValues(workflow, { errorWorkflowCanvasId: 3 })));
    expect(back).toEqual({ ...workflow, active: false });
  });

  it('round-trips: records -> JSON -> Odoo values -> the same records', () => {
    const records = canvasRecord({
      connections: JSON.stringify({ A: { main: [[{ node: 'B', type: 'main', index: 0 }]] } }),
      settings: JSON.stringify({ executionOrder: 'v1' }),
      timezone: 'Asia/Tokyo',
      node_ids: [
        nodeRecord(1, { name: 'A', node_id: 'a', type: 'manual' }),
        nodeRecord(2, { name: 'B', node_id: 'b', type: 'code', type_version: 2, parameters: '{"jsCode":"return $input.all();"}', retry_on_failure: true, max_retries: 2, retry_interval: 0, continue_on_fail: true }),
      ],
    });
    const again = asRecords(workflowJsonToCanvasValues(canvasToWorkflowJson(records)));
    const comparable = (canvas: CanvasRecord) => ({
      ...canvas,
      settings: JSON.parse(canvas.settings as string),
      node_ids: canvas.node_ids.map((node) => ({ ...node, parameters: JSON.parse(node.parameters as string) })),
    });
    expect(comparable(again)).toEqual(comparable(records));
  });
});

describe('node credential references <-> Odoo credentials links', () => {
  const shop = { id: 41, credential_id: 'cred7', name: 'Shop API', type: 'httpHeaderAuth' };

  it('a linked credential becomes n8n`s {id, name} under its type, over an unmatched reference of that type', () => {
    const json = canvasToWorkflowJson(
      canvasRecord({
        node_ids: [
          nodeRecord(1, {
            name: 'Call',
            credential_ids: [shop],
            credential_refs: JSON.stringify({ httpHeaderAuth: { id: 'old', name: 'Old' }, smtp: { name: 'Mail' } }),
          }),
        ],
      }),
    );
    expect(json.nodes[0]?.credentials).toEqual({ httpHeaderAuth: { id: 'cred7', name: 'Shop API' }, smtp: { name: 'Mail' } });
  });

  it('a node without credentials has no credentials key', () => {
    const json = canvasToWorkflowJson(canvasRecord({ node_ids: [nodeRecord(1, { credential_ids: [], credential_refs: false })] }));
    expect(json.nodes[0]).not.toHaveProperty('credentials');
  });

  it('unmatched references that are not a JSON object are refused naming node and field', () => {
    const bad = canvasRecord({ node_ids: [nodeRecord(1, { name: 'Call', credential_refs: '[1]' })] });
    expect(() => canvasToWorkflowJson(bad)).toThrow(new WorkflowValidationError('The credential_refs of node "Call" of canvas 7 ("Seed workflow") is not valid JSON: it is not a JSON object'));
  });

  it('writes matched links as a replace command and keeps the unmatched references as JSON', () => {
    const workflow: WorkflowJson = {
      name: 'W',
      nodes: [{ name: 'Call', type: 'n8n-nodes-base.httpRequest', parameters: {}, credentials: { httpHeaderAuth: { id: '7', name: 'Shop API' }, smtp: { name: 'Mail' } } }],
      connections: {},
    };
    const matched = workflowJsonToCanvasValues(workflow, { nodeCredentials: new Map([['Call', { recordIds: [41], unmatched: { smtp: { name: 'Mail' } } }]]) });
    const node = ((matched.node_ids as JsonValue[])[0] as JsonValue[])[2] as JsonObject;
    expect(node.credential_ids).toEqual([[6, 0, [41]]]);
    expect(JSON.parse(node.credential_refs as string)).toEqual({ smtp: { name: 'Mail' } });
    const unmatched = workflowJsonToCanvasValues(workflow);
    const kept = ((unmatched.node_ids as JsonValue[])[0] as JsonValue[])[2] as JsonObject;
    expect(kept).not.toHaveProperty('credential_ids');
    expect(JSON.parse(kept.credential_refs as string)).toEqual(workflow.nodes[0]?.credentials);
  });
});
