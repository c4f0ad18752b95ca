import { createNodeContext } from '../../../src/engine/node-context';
import type { Item } from '../../../src/contracts/run-data';
import type { ExpressionSession, NodeScope } from '../../../src/expressions/types';
import { engineContextInput } from '../../helpers/node-context';
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
    const ctx = createNodeContext(engineContextInput(workflow, 'Once', recordingSession(seen), [all.slice(0, 1)], { expressionInputs: [all] }));
    expect(ctx.getInputItems()).toHaveLength(1);
    expect(ctx.getParam('v', 0)).toBe('resolved');
    await ctx.runCode({ code: 'return []', mode: 'runOnceForAllItems' });
    expect(seen.map((scope) => scope.inputs[0]?.length)).toEqual([3, 1]);
  });
});

describe('parameters resolved before the node runs', () => {
  const workflow = testWorkflow([['Start', 'test.trigger'], ['Node', 'test.pass', { parameters: { v: '={{ $json.n }}', fixed: 'x' } }]], [['Start', 'Node']]);
  const input = (session: ExpressionSession) => createNodeContext(engineContextInput(workflow, 'Node', session, [[{ json: { n: 1 } }, { json: { n: 2 } }]]));

  it('reads what prepareParameters resolved for every item in one asynchronous call, never resolving on the service thread', async () => {
    const calls: string[] = [];
    const session: ExpressionSession = {
      resolveParameters: () => {
        calls.push('sync');
        return { forItem: () => ({ v: 'sync' }) };
      },
      prepareParameters: (_scope, itemCount) => {
        calls.push(`async for ${itemCount} items`);
        return Promise.resolve({ forItem: (itemIndex: number) => ({ v: `item ${itemIndex}`, fixed: 'x' }), hasFailure: () => false });
      },
      evaluate: () => null,
      runCode: () => Promise.resolve({ mode: 'runOnceForAllItems', returned: [] }),
      close: () => undefined,
    };
    const ctx = input(session);
    await ctx.prepareParameters();
    await ctx.prepareParameters();
    expect([ctx.getParam('v', 0), ctx.getParam('v', 1), ctx.getParam('fixed', 1)]).toEqual(['item 0', 'item 1', 'x']);
    expect(calls).toEqual(['async for 2 items']);
  });

  it('falls back to resolving on first read when the session cannot prepare', async () => {
    const seen: NodeScope[] = [];
    const ctx = input(recordingSession(seen));
    await ctx.prepareParameters();
    expect(seen).toHaveLength(0);
    expect(ctx.getParam('v', 0)).toBe('resolved');
    expect(seen).toHaveLength(1);
  });
});
