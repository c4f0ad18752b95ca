import { executeWorkflow } from '../../../src/engine/executor';
import type { Run } from '../../../src/contracts/run-data';
import type { NodeTypeDefinition } from '../../../src/contracts/node-type';
import { testDeps, testWorkflow } from '../../helpers/test-nodes';

const outputs = (run: Run, node: string, runIndex = 0) =>
  (run.data.resultData.runData[node]?.[runIndex]?.data?.main ?? []).map((items) => (items ?? []).map((i) => i.json));
const order = (run: Run) =>
  Object.entries(run.data.resultData.runData)
    .flatMap(([name, tasks]) => tasks.map((t) => [t.executionIndex, name] as const))
    .sort((a, b) => a[0] - b[0])
    .map(([, name]) => name);

describe('executeWorkflow: data flow and n8n v1 order', () => {
  it('runs a linear workflow and records n8n run data', async () => {
    const workflow = testWorkflow(
      [
        ['Start', 'test.trigger'],
        ['Source', 'test.source', { parameters: { items: [{ a: 1 }, { a: 2 }] } }],
        ['Pass', 'test.pass'],
      ],
      [
        ['Start', 'Source'],
        ['Source', 'Pass'],
      ],
    );
    const run = await executeWorkflow(testDeps(), { workflow, executionId: 'e1', mode: 'manual' });
    expect(run.status).toBe('success');
    expect(run.finished).toBe(true);
    expect(outputs(run, 'Start')).toEqual([[{}]]);
    expect(outputs(run, 'Pass')).toEqual([[{ a: 1 }, { a: 2 }]]);
    expect(order(run)).toEqual(['Start', 'Source', 'Pass']);
    expect(run.data.resultData.lastNodeExecuted).toBe('Pass');
    const passTask = run.data.resultData.runData.Pass[0];
    expect(passTask.source).toEqual([{ previousNode: 'Source' }]);
    expect(passTask.executionStatus).toBe('success');
    // pairedItem is guessed for nodes that set none (counts match)
    expect(passTask.data?.main?.[0]?.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
    expect(run.data.executionData.nodeExecutionStack).toEqual([]);
  });

  it('finishes one branch depth-first before the next, the upper branch first', async () => {
    const workflow = testWorkflow(
      [
        ['Start', 'test.trigger'],
        ['Lower 1', 'test.pass', { position: [200, 200] }],
        ['Lower 2', 'test.pass', { position: [400, 200] }],
        ['Upper 1', 'test.pass', { position: [200, -200] }],
        ['Upper 2', 'test.pass', { position: [400, -200] }],
      ],
      [
        ['Start', 'Lower 1'],
        ['Start', 'Upper 1'],
        ['Lower 1', 'Lower 2'],
        ['Upper 1', 'Upper 2'],
      ],
    );
    const run = await executeWorkflow(testDeps(), { workflow, executionId: 'e2', mode: 'manual' });
    expect(order(run)).toEqual(['Start', 'Upper 1', 'Upper 2', 'Lower 1', 'Lower 2']);
  });

  it('routes items to outputs and does not run a child fed no items', async () => {
    const workflow = testWorkflow(
      [
        ['Start', 'test.trigger'],
        ['Source', 'test.source', { parameters: { items: [{ flag: true }, { flag: true }] } }],
        ['Split', 'test.split'],
        ['Yes', 'test.pass'],
        ['No', 'test.pass'],
      ],
      [
        ['Start', 'Source'],
        ['Source', 'Split'],
        ['Split', 'Yes', 0],
        ['Split', 'No', 1],
      ],
    );
    const run = await executeWorkflow(testDeps(), { workflow, executionId: 'e3', mode: 'manual' });
    expect(outputs(run, 'Split')).toEqual([[{ flag: true }, { flag: true }], []]);
    expect(run.data.resultData.runData.No).toBeUndefined();
    expect(outputs(run, 'Yes')).toEqual([[{ flag: true }, { flag: true }]]);
  });

  it('gives an empty item with alwaysOutputData and passes input through disabled nodes', async () => {
    const workflow = testWorkflow(
      [
        ['Start', 'test.trigger'],
        ['Empty', 'test.empty', { alwaysOutputData: true }],
        ['Off', 'test.fail', { disabled: true }],
        ['After', 'test.pass'],
      ],
      [
        ['Start', 'Empty'],
        ['Empty', 'Off'],
        ['Off', 'After'],
      ],
    );
    const run = await executeWorkflow(testDeps(), { workflow, executionId: 'e4', mode: 'manual' });
    expect(run.status).toBe('success');
    expect(outputs(run, 'Empty')).toEqual([[{}]]);
    expect(outputs(run, 'Off')).toEqual([[{}]]);
    expect(outputs(run, 'After')).toEqual([[{}]]);
  });

  it('keeps only the first item with executeOnce', async () => {
    const workflow = testWorkflow(
      [
        ['Start', 'test.trigger'],
        ['Source', 'test.source', { parameters: { items: [{ n: 1 }, { n: 2 }, { n: 3 }] } }],
        ['Once', 'test.pass', { executeOnce: true }],
      ],
      [
        ['Start', 'Source'],
        ['Source', 'Once'],
      ],
    );
    const run = await executeWorkflow(testDeps(), { workflow, executionId: 'e5', mode: 'manual' });
    expect(outputs(run, 'Once')).toEqual([[{ n: 1 }]]);
  });
});

describe('executeWorkflow: multi-input nodes', () => {
  const nodes: Array<[string, string, Record<string, unknown>?]> = [
    ['Start', 'test.trigger'],
    ['Source', 'test.source', { parameters: { items: [{ flag: true, n: 1 }, { flag: false, n: 2 }] } }],
    ['Split', 'test.split'],
    ['Merge', 'test.append'],
  ];
  it('waits for both inputs', async () => {
    const workflow = testWorkflow(nodes, [
      ['Start', 'Source'],
      ['Source', 'Split'],
      ['Split', 'Merge', 0, 0],
      ['Split', 'Merge', 1, 1],
    ]);
    const run = await executeWorkflow(testDeps(), { workflow, executionId: 'm1', mode: 'manual' });
    expect(outputs(run, 'Merge')).toEqual([[{ flag: true, n: 1 }, { flag: false, n: 2 }]]);
    expect(run.data.resultData.runData.Merge[0].source).toEqual([
      { previousNode: 'Split' },
      { previousNode: 'Split', previousNodeOutput: 1 },
    ]);
    expect(run.data.executionData.waitingExecution).toEqual({});
  });

  it('runs with the data it has once the stack drains', async () => {
    const workflow = testWorkflow(
      [...nodes.slice(0, 1), ['Source', 'test.source', { parameters: { items: [{ flag: true }] } }], ...nodes.slice(2)],
      [
        ['Start', 'Source'],
        ['Source', 'Split'],
        ['Split', 'Merge', 0, 0],
        ['Split', 'Merge', 1, 1],
      ],
    );
    const run = await executeWorkflow(testDeps(), { workflow, executionId: 'm2', mode: 'manual' });
    expect(outputs(run, 'Merge')).toEqual([[{ flag: true }]]);
  });

  it('does not run a node whose requiredInputs are not met', async () => {
    const strict: NodeTypeDefinition = {
      type: 'test.strictMerge',
      displayName: 'Strict',
      versions: [1],
      inputs: () => 2,
      requiredInputs: () => 2,
      execute: () => Promise.resolve([[{ json: { merged: true } }]]),
    };
    const workflow = testWorkflow(
      [['Start', 'test.trigger'], ['Source', 'test.source', { parameters: { items: [{ flag: true }] } }], ['Split', 'test.split'], ['Merge', 'test.strictMerge']],
      [
        ['Start', 'Source'],
        ['Source', 'Split'],
        ['Split', 'Merge', 0, 0],
        ['Split', 'Merge', 1, 1],
      ],
      [strict],
    );
    const run = await executeWorkflow(testDeps([strict]), { workflow, executionId: 'm3', mode: 'manual' });
    expect(run.status).toBe('success');
    expect(run.data.resultData.runData.Merge).toBeUndefined();
  });
});

describe('executeWorkflow: errors', () => {
  it('fails the run with the node name and message and keeps the node on the stack', async () => {
    const workflow = testWorkflow(
      [
        ['Start', 'test.trigger'],
        ['Boom', 'test.fail', { parameters: { message: 'it broke' } }],
        ['Never', 'test.pass'],
      ],
      [
        ['Start', 'Boom'],
        ['Boom', 'Never'],
      ],
    );
    const run = await executeWorkflow(testDeps(), { workflow, executionId: 'x1', mode: 'manual' });
    expect(run.status).toBe('error');
    expect(run.finished).toBe(false);
    expect(run.data.resultData.error).toMatchObject({ message: 'it broke', node: { name: 'Boom' } });
    expect(run.data.resultData.lastNodeExecuted).toBe('Boom');
    expect(run.data.resultData.runData.Boom[0].executionStatus).toBe('error');
    expect(run.data.resultData.runData.Boom[0].data).toBeUndefined();
    expect(run.data.resultData.runData.Never).toBeUndefined();
    expect(run.data.executionData.nodeExecutionStack.map((e) => e.node)).toEqual(['Boom']);
  });

  it('continueRegularOutput passes the input on and records the error', async () => {
    const workflow = testWorkflow(
      [
        ['Start', 'test.trigger'],
        ['Soft', 'test.fail', { onError: 'continueRegularOutput', parameters: { message: 'soft' } }],
        ['After', 'test.pass'],
      ],
      [
        ['Start', 'Soft'],
        ['Soft', 'After'],
      ],
    );
    const run = await executeWorkflow(testDeps(), { workflow, executionId: 'x2', mode: 'manual' });
    expect(run.status).toBe('success');
    expect(outputs(run, 'Soft')).toEqual([[{}]]);
    expect(run.data.resultData.runData.Soft[0].error?.message).toBe('soft');
    expect(outputs(run, 'After')).toEqual([[{}]]);
  });

  it('legacy continueOnFail behaves as continueRegularOutput', async () => {
    const workflow = testWorkflow(
      [
        ['Start', 'test.trigger'],
        ['Soft', 'test.fail', { continueOnFail: true }],
        ['After', 'test.pass'],
      ],
      [
        ['Start', 'Soft'],
        ['Soft', 'After'],
      ],
    );
    const run = await executeWorkflow(testDeps(), { workflow, executionId: 'x3', mode: 'manual' });
    expect(run.status).toBe('success');
    expect(outputs(run, 'After')).toEqual([[{}]]);
  });

  it('continueErrorOutput on a node that throws passes its input on the first output, as n8n does', async () => {
    // n8n only routes error items a node made itself; a thrown error (Stop and Error...) leaves
    // the input on output 0 and the error in the task.
    const workflow = testWorkflow(
      [
        ['Start', 'test.trigger'],
        ['Source', 'test.source', { parameters: { items: [{ id: 7 }] } }],
        ['Risky', 'test.fail', { onError: 'continueErrorOutput', parameters: { message: 'nope' } }],
        ['Ok', 'test.pass'],
        ['Handler', 'test.pass'],
      ],
      [
        ['Start', 'Source'],
        ['Source', 'Risky'],
        ['Risky', 'Ok', 0],
        ['Risky', 'Handler', 1],
      ],
    );
    const run = await executeWorkflow(testDeps(), { workflow, executionId: 'x4', mode: 'manual' });
    expect(run.status).toBe('success');
    expect(outputs(run, 'Risky')).toEqual([[{ id: 7 }]]);
    expect(run.data.resultData.runData.Risky[0].error?.message).toBe('nope');
    expect(outputs(run, 'Ok')).toEqual([[{ id: 7 }]]);
    expect(run.data.resultData.runData.Handler).toBeUndefined();
  });

  it('retries a failing node up to maxTries and succeeds', async () => {
    let calls = 0;
    const flaky: NodeTypeDefinition = {
      type: 'test.flaky',
      displayName: 'Flaky',
      versions: [1],
      execute: () => {
        calls += 1;
        return calls < 3 ? Promise.reject(new Error(`try ${calls} failed`)) : Promise.resolve([[{ json: { calls } }]]);
      },
    };
    const workflow = testWorkflow(
      [
        ['Start', 'test.trigger'],
        ['Flaky', 'test.flaky', { retryOnFail: true, maxTries: 3, waitBetweenTries: 10 }],
      ],
      [['Start', 'Flaky']],
      [flaky],
    );
    const started = Date.now();
    const run = await executeWorkflow(testDeps([flaky]), { workflow, executionId: 'r1', mode: 'manual' });
    expect(run.status).toBe('success');
    expect(calls).toBe(3);
    expect(outputs(run, 'Flaky')).toEqual([[{ calls: 3 }]]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(20);
  });

  it('fails after the last try with the last error', async () => {
    let calls = 0;
    const always: NodeTypeDefinition = {
      type: 'test.always',
      displayName: 'Always fails',
      versions: [1],
      execute: () => Promise.reject(new Error(`failure ${++calls}`)),
    };
    const workflow = testWorkflow(
      [
        ['Start', 'test.trigger'],
        ['Bad', 'test.always', { retryOnFail: true, maxTries: 2, waitBetweenTries: 0 }],
      ],
      [['Start', 'Bad']],
      [always],
    );
    const run = await executeWorkflow(testDeps([always]), { workflow, executionId: 'r2', mode: 'manual' });
    expect(run.status).toBe('error');
    expect(calls).toBe(2);
    expect(run.data.resultData.error?.message).toBe('failure 2');
  });

  it('stops a runaway loop at MAX_NODE_RUNS with a clear message', async () => {
    const workflow = testWorkflow(
      [
        ['Start', 'test.trigger'],
        ['A', 'test.pass'],
        ['B', 'test.pass'],
      ],
      [
        ['Start', 'A'],
        ['A', 'B'],
        ['B', 'A'],
      ],
    );
    const run = await executeWorkflow(testDeps([], { maxNodeRuns: 50 }), { workflow, executionId: 'l1', mode: 'manual' });
    expect(run.status).toBe('error');
    expect(run.data.resultData.error?.message).toBe(
      'Workflow "Test" stopped after 50 node runs at node "B": it seems to loop without end (raise MAX_NODE_RUNS if this is intended)',
    );
  });
});

describe('executeWorkflow: park, resume, cancel', () => {
  const waitNode: NodeTypeDefinition = {
    type: 'test.wait',
    displayName: 'Wait',
    versions: [1],
    execute: () => Promise.resolve({ kind: 'wait', until: new Date('2030-01-01T00:00:00.000Z') }),
  };

  it('parks at a wait and resumes from saved JSON without re-running earlier nodes', async () => {
    let sourceRuns = 0;
    const counted: NodeTypeDefinition = {
      type: 'test.counted',
      displayName: 'Counted',
      versions: [1],
      execute: () => {
        sourceRuns += 1;
        return Promise.resolve([[{ json: { n: sourceRuns } }]]);
      },
    };
    const extra = [waitNode, counted];
    const workflow = testWorkflow(
      [
        ['Start', 'test.trigger'],
        ['Count', 'test.counted'],
        ['Wait', 'test.wait'],
        ['After', 'test.pass'],
      ],
      [
        ['Start', 'Count'],
        ['Count', 'Wait'],
        ['Wait', 'After'],
      ],
      extra,
    );
    const parked = await executeWorkflow(testDeps(extra), { workflow, executionId: 'w1', mode: 'manual' });
    expect(parked.status).toBe('waiting');
    expect(parked.waitTill).toBe('2030-01-01T00:00:00.000Z');
    expect(parked.data.resultData.runData.Wait[0].executionStatus).toBe('waiting');
    const saved = JSON.parse(JSON.stringify(parked.data));
    const resumed = await executeWorkflow(testDeps(extra), {
      workflow,
      executionId: 'w1',
      mode: 'manual',
      resume: { state: saved, items: [{ json: { approved: true } }] },
    });
    expect(resumed.status).toBe('success');
    expect(sourceRuns).toBe(1);
    expect(resumed.data.resultData.runData.Wait).toHaveLength(1);
    expect(outputs(resumed, 'Wait')).toEqual([[{ approved: true }]]);
    expect(outputs(resumed, 'After')).toEqual([[{ approved: true }]]);
    expect(resumed.data.waitTill).toBeUndefined();
  });

  it('resumes a timed wait with the input items', async () => {
    const workflow = testWorkflow(
      [
        ['Start', 'test.trigger'],
        ['Wait', 'test.wait'],
        ['After', 'test.pass'],
      ],
      [
        ['Start', 'Wait'],
        ['Wait', 'After'],
      ],
      [waitNode],
    );
    const parked = await executeWorkflow(testDeps([waitNode]), { workflow, executionId: 'w2', mode: 'manual', triggerItems: [{ json: { k: 1 } }] });
    const resumed = await executeWorkflow(testDeps([waitNode]), { workflow, executionId: 'w2', mode: 'manual', resume: { state: parked.data } });
    expect(outputs(resumed, 'After')).toEqual([[{ k: 1 }]]);
  });

  it('cancels inside a long node and between nodes', async () => {
    const slow: NodeTypeDefinition = {
      type: 'test.slow',
      displayName: 'Slow',
      versions: [1],
      execute: (ctx) =>
        new Promise((_, reject) => {
          ctx.signal.addEventListener('abort', () => reject(new Error('aborted')));
        }),
    };
    const workflow = testWorkflow(
      [
        ['Start', 'test.trigger'],
        ['Slow', 'test.slow'],
      ],
      [['Start', 'Slow']],
      [slow],
    );
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 20);
    const run = await executeWorkflow(testDeps([slow]), { workflow, executionId: 'c1', mode: 'manual', signal: controller.signal });
    expect(run.status).toBe('canceled');
    expect(run.data.resultData.error?.message).toBe('The execution was cancelled');
    const timed = await executeWorkflow(testDeps([slow]), { workflow, executionId: 'c2', mode: 'manual', timeoutMs: 30 });
    expect(timed.status).toBe('canceled');
    expect(timed.data.resultData.error?.message).toBe('The execution was cancelled because it timed out after 0.03 seconds');
  });
});
