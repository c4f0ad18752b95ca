import type { NodeRunRecord } from '../../../src/engine/hooks';
import type { TaskData } from '../../../src/contracts/run-data';
import { logFromNodeRun } from '../../../src/executions/records';
import { logStatusOf, storedStatusOf, toN8nStatus, toStoredStatus } from '../../../src/executions/status';
import type { WorkflowNode } from '../../../src/workflow/types';

const node = (onError: WorkflowNode['onError']): WorkflowNode => ({
  id: 'n2',
  name: 'Failing Node',
  type: 'n8n-nodes-base.httpRequest',
  typeVersion: 4.2,
  position: [0, 0],
  parameters: {},
  disabled: false,
  retryOnFail: false,
  maxTries: 3,
  waitBetweenTries: 1000,
  retryBackoff: 'fixed',
  onError,
  alwaysOutputData: false,
  executeOnce: false,
});

const task = (extra: Partial<TaskData>): TaskData => ({
  startTime: Date.parse('2026-01-01T10:00:00.000Z'),
  executionTime: 12,
  executionIndex: 1,
  executionStatus: 'success',
  source: [{ previousNode: 'Trigger' }],
  ...extra,
});

const run = (onError: WorkflowNode['onError'], extra: Partial<TaskData>): NodeRunRecord => ({
  node: node(onError),
  runIndex: 0,
  task: task(extra),
  inputItems: [{ json: { id: 1 } }],
});

describe('logFromNodeRun', () => {
  it('writes one log row with the run times, items and order', () => {
    const log = logFromNodeRun(run('stopWorkflow', { data: { main: [[{ json: { ok: true } }]] } }));
    expect(log).toEqual({
      nodeName: 'Failing Node',
      nodeId: 'n2',
      runIndex: 0,
      sequence: 1,
      startedAt: new Date('2026-01-01T10:00:00.000Z'),
      finishedAt: new Date('2026-01-01T10:00:00.012Z'),
      status: 'success',
      inputItems: [{ json: { id: 1 } }],
      outputItems: [[{ json: { ok: true } }]],
    });
  });

  it('marks a node that failed but let the workflow go on as error', () => {
    const thrown = logFromNodeRun(
      run('continueRegularOutput', { error: { message: 'getaddrinfo ENOTFOUND invalid.test', name: 'NodeApiError' }, data: { main: [[{ json: { id: 1 } }]] } }),
    );
    expect([thrown.status, thrown.errorMessage]).toEqual(['error', 'getaddrinfo ENOTFOUND invalid.test']);
    const errorItems = logFromNodeRun(run('continueRegularOutput', { data: { main: [[{ json: { error: { message: 'The service refused the connection', name: 'AxiosError' } } }]] } }));
    expect([errorItems.status, errorItems.errorMessage]).toEqual(['error', 'The service refused the connection']);
    const textError = logFromNodeRun(run('continueErrorOutput', { data: { main: [[], [{ json: { id: 1, error: 'boom' } }]] } }));
    expect([textError.status, textError.errorMessage]).toEqual(['error', 'boom']);
  });

  it('keeps an `error` field in the data of a node that stops on failure as data', () => {
    const log = logFromNodeRun(run('stopWorkflow', { data: { main: [[{ json: { error: 'a field users named error' } }]] } }));
    expect(log.status).toBe('success');
    expect(log.errorMessage).toBeUndefined();
  });

  it('logs a parked node as waiting', () => {
    expect(logFromNodeRun(run('stopWorkflow', { executionStatus: 'waiting', data: { main: [[{ json: {} }]] } })).status).toBe('waiting');
  });
});

describe('status spelling', () => {
  it('stores the seed spelling and answers n8n spelling', () => {
    expect(toStoredStatus('canceled')).toBe('cancelled');
    expect(toStoredStatus('success')).toBe('success');
    expect(toN8nStatus('cancelled')).toBe('canceled');
    expect(toN8nStatus('crashed')).toBe('crashed');
    expect(toStoredStatus('new')).toBe('queued');
  });

  it('reads a filter in either spelling and refuses unknown ones', () => {
    expect(storedStatusOf('canceled')).toBe('cancelled');
    expect(storedStatusOf('cancelled')).toBe('cancelled');
    expect(storedStatusOf('waiting')).toBe('waiting');
    expect(storedStatusOf('cancel')).toBeUndefined();
  });

  it('logs node runs in the stored spelling', () => {
    expect(logStatusOf('canceled')).toBe('cancelled');
    expect(logStatusOf('error')).toBe('error');
    expect(logStatusOf('waiting')).toBe('waiting');
    expect(logStatusOf('running')).toBe('success');
  });
});
