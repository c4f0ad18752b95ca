import type { ExecutionRecord } from '../../../src/store/types';
import type { WorkflowSettingsJson } from '../../../src/workflow/types';
import { RecordingExecutionStore } from '../../helpers/memory-stores';
import { createHarness, workflowJson, type Harness } from './service-fixture';

/** Every save in order: which run (parent or child), its status, the parent it names. */
class SaveOrderRecorder extends RecordingExecutionStore {
  readonly order: Array<[workflow: string, status: string, parent: string | null]> = [];

  override async save(record: ExecutionRecord): Promise<void> {
    this.order.push([record.workflowId, record.status, record.parentExecutionId ?? null]);
    await super.save(record);
  }
}

const child = workflowJson(
  'child',
  [
    ['Called', 'n8n-nodes-base.executeWorkflowTrigger', { inputSource: 'passthrough' }, { typeVersion: 1.1 }],
    ['Mark', 'test.tag', { field: 'fromChild', value: 'yes' }],
  ],
  [['Called', 'Mark']],
);

function parent(settings: WorkflowSettingsJson = {}) {
  return workflowJson(
    'parent',
    [
      ['Start', 'n8n-nodes-base.manualTrigger'],
      ['Call Child', 'n8n-nodes-base.executeWorkflow', { workflowId: 'child' }, { typeVersion: 1.1 }],
      ['After', 'test.pass'],
    ],
    [
      ['Start', 'Call Child'],
      ['Call Child', 'After'],
    ],
    settings,
  );
}

let h: Harness;
let recorder: SaveOrderRecorder;
function harness(settings?: WorkflowSettingsJson) {
  // The running-record timer never fires here: only the sub-workflow call can save the parent early.
  h = createHarness({ workflows: [child, parent(settings)], runningRecordDelayMs: 60_000, wrapExecutions: (store) => (recorder = new SaveOrderRecorder(store)) });
}
afterEach(async () => {
  await h.close();
});

describe('the parent of a sub-workflow is saved before its child', () => {
  it('saves the parent as running before the child names it, then both finish', async () => {
    harness();
    const started = await h.service.start({ workflowId: 'parent', mode: 'manual' });
    expect((await started.done).status).toBe('success');
    expect(recorder.order).toEqual([
      ['parent', 'running', null],
      ['child', 'success', started.executionId],
      ['parent', 'success', null],
    ]);
    const children = await h.executions.list({ canvasId: 'child', limit: 5, offset: 0 });
    expect(children.rows.map((row) => [row.mode, row.parentExecutionId])).toEqual([['integrated', started.executionId]]);
  });

  it('saves the parent early only once, whatever the number of child calls', async () => {
    harness();
    h.memoryWorkflows?.put(
      workflowJson(
        'parent',
        [
          ['Start', 'n8n-nodes-base.manualTrigger'],
          ['Source', 'test.source', { items: [{ n: 1 }, { n: 2 }] }],
          ['Call Child', 'n8n-nodes-base.executeWorkflow', { workflowId: 'child', mode: 'each' }, { typeVersion: 1.1 }],
        ],
        [
          ['Start', 'Source'],
          ['Source', 'Call Child'],
        ],
      ),
    );
    const started = await h.service.start({ workflowId: 'parent', mode: 'manual' });
    expect((await started.done).status).toBe('success');
    expect(recorder.order).toEqual([
      ['parent', 'running', null],
      ['child', 'success', started.executionId],
      ['child', 'success', started.executionId],
      ['parent', 'success', null],
    ]);
  });

  it('does not save early a parent its settings never keep', async () => {
    harness({ saveManualExecutions: false });
    const started = await h.service.start({ workflowId: 'parent', mode: 'manual' });
    expect((await started.done).status).toBe('success');
    expect(recorder.order).toEqual([['child', 'success', started.executionId]]);
    expect(await h.executions.get(started.executionId)).toBeUndefined();
  });
});
