import type { Item } from '../../../src/contracts/run-data';
import { createHarness, eventually, workflowJson, type Harness } from './service-fixture';

const TRIGGER = 'n8n-nodes-base.executeWorkflowTrigger';

const child = workflowJson(
  'child',
  [
    ['Called', TRIGGER, { inputSource: 'passthrough' }, { typeVersion: 1.1 }],
    ['Mark', 'test.tag', { field: 'fromChild', value: 'yes' }],
  ],
  [['Called', 'Mark']],
);

function parent(id: string, parameters: Record<string, unknown>) {
  return workflowJson(
    id,
    [
      ['Start', 'n8n-nodes-base.manualTrigger'],
      ['Source', 'test.source', { items: [{ n: 1 }, { n: 2 }] }],
      ['Call Child', 'n8n-nodes-base.executeWorkflow', parameters as never, { typeVersion: 1.1 }],
      ['After', 'test.pass'],
    ],
    [
      ['Start', 'Source'],
      ['Source', 'Call Child'],
      ['Call Child', 'After'],
    ],
  );
}

const jsonOf = (items: Item[] | null | undefined) => (items ?? []).map((item) => item.json);

let h: Harness;
afterEach(async () => {
  await h.close();
});

describe('sub-workflows through the execution service', () => {
  it("gives the parent the child's last node output and links the child to its parent", async () => {
    h = createHarness({ workflows: [child, parent('parent', { workflowId: { __rl: true, value: 'child', mode: 'list' } })] });
    const started = await h.service.start({ workflowId: 'parent', mode: 'manual' });
    expect((await started.done).status).toBe('success');
    const record = await h.executions.get(started.executionId);
    expect(jsonOf(record?.data.resultData.runData.After[0].data?.main?.[0])).toEqual([
      { n: 1, fromChild: 'yes' },
      { n: 2, fromChild: 'yes' },
    ]);
    const children = await h.executions.list({ canvasId: 'child', limit: 10, offset: 0 });
    expect(children.total).toBe(1);
    expect(children.rows[0]).toMatchObject({ parentExecutionId: started.executionId, mode: 'integrated', status: 'success', workflowId: 'child' });
  });

  it('runs once per item in "each" mode, one child execution per item', async () => {
    h = createHarness({ workflows: [child, parent('parent', { workflowId: 'child', mode: 'each' })] });
    const started = await h.service.start({ workflowId: 'parent', mode: 'manual' });
    await started.done;
    const record = await h.executions.get(started.executionId);
    expect(record?.data.resultData.runData['Call Child'][0].data?.main?.[0]).toEqual([
      { json: { n: 1, fromChild: 'yes' }, pairedItem: { item: 0 } },
      { json: { n: 2, fromChild: 'yes' }, pairedItem: { item: 1 } },
    ]);
    expect((await h.executions.list({ canvasId: 'child', limit: 10, offset: 0 })).total).toBe(2);
  });

  it('runs a workflow given as JSON, counted under the parent canvas', async () => {
    const inline = { name: 'Inline', nodes: child.nodes, connections: child.connections };
    h = createHarness({ workflows: [parent('parent', { source: 'parameter', workflowJson: JSON.stringify(inline) })] });
    const started = await h.service.start({ workflowId: 'parent', mode: 'manual' });
    expect((await started.done).status).toBe('success');
    const all = await h.executions.list({ canvasId: 'parent', limit: 10, offset: 0 });
    expect(all.rows.map((row) => [row.mode, row.parentExecutionId ?? null])).toEqual(
      expect.arrayContaining([
        ['manual', null],
        ['integrated', started.executionId],
      ]),
    );
  });

  it('goes on at once without waiting; the child still runs to its end', async () => {
    const slowChild = workflowJson('slow-child', [['Called', TRIGGER, {}, { typeVersion: 1 }], ['Slow', 'test.slow', { ms: 50 }]], [['Called', 'Slow']]);
    h = createHarness({ workflows: [slowChild, parent('parent', { workflowId: 'slow-child', options: { waitForSubWorkflow: false } })] });
    const started = await h.service.start({ workflowId: 'parent', mode: 'manual' });
    await started.done;
    const record = await h.executions.get(started.executionId);
    expect(jsonOf(record?.data.resultData.runData.After[0].data?.main?.[0])).toEqual([{ n: 1 }, { n: 2 }]);
    const childRow = await eventually(async () => {
      const rows = (await h.executions.list({ canvasId: 'slow-child', limit: 1, offset: 0 })).rows;
      return rows[0]?.status === 'success' ? rows[0] : undefined;
    });
    expect(childRow.parentExecutionId).toBe(started.executionId);
  });

  it("fails the parent with the child's error, not wrapped again at each level", async () => {
    const failing = workflowJson('failing', [['Called', TRIGGER], ['Boom', 'test.fail', { message: 'stock is empty' }]], [['Called', 'Boom']]);
    h = createHarness({ workflows: [failing, parent('parent', { workflowId: 'failing' })] });
    const started = await h.service.start({ workflowId: 'parent', mode: 'manual' });
    const summary = await started.done;
    expect(summary).toMatchObject({ status: 'error', errorMessage: 'Call Child: stock is empty' });
    const record = await h.executions.get(started.executionId);
    const childId = (await h.executions.list({ canvasId: 'failing', limit: 1, offset: 0 })).rows[0].id;
    expect(record?.data.resultData.error).toMatchObject({
      message: 'stock is empty',
      description: `Sub-workflow "failing" (execution ${childId}, node "Boom") ended with status error`,
      node: { name: 'Call Child' },
    });
  });

  it('stops runaway recursion at MAX_SUBWORKFLOW_DEPTH with a clear error', async () => {
    const recursive = workflowJson(
      'recursive',
      [
        ['Start', 'n8n-nodes-base.manualTrigger'],
        ['Called', TRIGGER],
        ['Call Self', 'n8n-nodes-base.executeWorkflow', { workflowId: 'recursive' }],
      ],
      [
        ['Start', 'Call Self'],
        ['Called', 'Call Self'],
      ],
    );
    h = createHarness({ workflows: [recursive], maxSubworkflowDepth: 3 });
    const started = await h.service.start({ workflowId: 'recursive', mode: 'manual' });
    const message =
      'Call Self: Sub-workflow depth limit of 3 reached: workflows call each other too deeply (raise MAX_SUBWORKFLOW_DEPTH if this is intended)';
    expect(await started.done).toMatchObject({ status: 'error', errorMessage: message });
    const rows = (await h.executions.list({ canvasId: 'recursive', limit: 10, offset: 0 })).rows;
    expect(rows.map((row) => [row.mode, row.status, row.errorMessage]).sort()).toEqual([
      ['integrated', 'error', message],
      ['integrated', 'error', message],
      ['integrated', 'error', message],
      ['manual', 'error', message],
    ]);
    // Each level records the one that called it.
    const parents = new Set(rows.map((row) => row.parentExecutionId));
    expect(parents.size).toBe(4);
  });

  it('seed phase 9: a parent calling a sub canvas by workflow_id creates a sub execution', async () => {
    const sub = workflowJson('sub-canvas', [['Called', 'executeWorkflowTrigger', {}, { typeVersion: undefined }], ['Mark', 'test.tag']], [['Called', 'Mark']]);
    const seedParent = workflowJson(
      'parent-canvas',
      [
        ['Start', 'manual', {}, { typeVersion: undefined }],
        ['Execute Sub-workflow', 'executeWorkflow', { workflowId: 'wf-sub-0001', waitForCompletion: true }, { typeVersion: undefined }],
      ],
      [['Start', 'Execute Sub-workflow']],
    );
    h = createHarness();
    h.memoryWorkflows?.put(sub, { workflowId: 'wf-sub-0001' });
    h.memoryWorkflows?.put(seedParent);
    const started = await h.service.start({ workflowId: 'parent-canvas', mode: 'manual' });
    expect((await started.done).status).toBe('success');
    const subExecutions = await h.executions.list({ canvasId: 'sub-canvas', limit: 10, offset: 0 });
    expect(subExecutions.total).toBe(1);
    expect(subExecutions.rows[0]).toMatchObject({ workflowId: 'wf-sub-0001', parentExecutionId: started.executionId, status: 'success' });
  });
});

describe('sub-workflows and the parent run limits', () => {
  it('cancels the child a parent waits for when the parent times out', async () => {
    const slowChild = workflowJson('slow-child', [['Called', TRIGGER], ['Slow', 'test.slow', { ms: 5000 }]], [['Called', 'Slow']]);
    const impatient = workflowJson(
      'impatient',
      [
        ['Start', 'n8n-nodes-base.manualTrigger'],
        ['Call Child', 'n8n-nodes-base.executeWorkflow', { workflowId: 'slow-child' }],
      ],
      [['Start', 'Call Child']],
      { executionTimeout: 0.05 },
    );
    h = createHarness({ workflows: [slowChild, impatient] });
    const started = await h.service.start({ workflowId: 'impatient', mode: 'manual' });
    expect(await started.done).toMatchObject({ status: 'cancelled', errorMessage: 'The execution was cancelled because it timed out after 0.05 seconds' });
    // The child was stopped, not awaited: a parent that waited for it would find it succeeded.
    const child = (await h.executions.list({ canvasId: 'slow-child', limit: 1, offset: 0 })).rows[0];
    expect(child).toMatchObject({ status: 'cancelled', errorMessage: 'The execution was stopped', parentExecutionId: started.executionId });
  });
});
