import { createCustomData } from '../../../src/engine/custom-data';
import { emptyRunState } from '../../../src/engine/run-state';
import { createNodeContext } from '../../../src/engine/node-context';
import type { Item } from '../../../src/contracts/run-data';
import type { ExpressionSession, NodeScope } from '../../../src/expressions/types';
import { testWorkflow } from '../../helpers/test-nodes';

/** A session that records the scope it is asked about, in place of the sandbox. */
function recordingSession(seen: NodeScope[]): ExpressionSession {
  return {
    resolveParameters: (scope) => {
      seen.push(scope);
      return { forItem: () => ({ v: 'resolved' }) };
    },
    evaluate: () => null,
    runCode: (scope) => {
      seen.push(scope);
      return Promise.resolve({ mode: 'runOnceForAllItems', returned: [] });
    },
    close: () => undefined,
  };
}

describe('createNodeContext with executeOnce', () => {
  it('gives the node the first item but lets expressions see every input item, as n8n (differential e1201)', async () => {
    const workflow = testWorkflow([['Start', 'test.trigger'], ['Once', 'test.pass', { executeOnce: true, parameters: { v: '={{ $input.all().length }}' } }]], [['Start', 'Once']]);
    const all: Item[] = [{ json: { n: 1 } }, { json: { n: 2 } }, { json: { n: 3 } }];
    const seen: NodeScope[] = [];
    const ctx = createNodeContext({
      workflow,
      node: workflow.nodes.get('Once')!,
      executionId: 'e',
      mode: 'manual',
      runIndex: 0,
      inputs: [all.slice(0, 1)],
      expressionInputs: [all],
      source: null,
      session: recordingSession(seen),
      signal: new AbortController().signal,
      services: {},
      nodeState: {},
      staticData: {},
      timezone: 'UTC',
      customData: createCustomData(emptyRunState(), 'manual'),
    });
    expect(ctx.getInputItems()).toHaveLength(1);
    expect(ctx.getParam('v', 0)).toBe('resolved');
    await ctx.runCode({ code: 'return []', mode: 'runOnceForAllItems' });
    expect(seen.map((scope) => scope.inputs[0]?.length)).toEqual([3, 1]);
  });
});
