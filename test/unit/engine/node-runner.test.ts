import { createNodeContext } from '../../../src/engine/node-context';
import { runNode } from '../../../src/engine/node-runner';
import type { NodeTypeDefinition } from '../../../src/contracts/node-type';
import type { ExpressionSession } from '../../../src/expressions/types';
import { NodeSandboxLimitError } from '../../../src/sandbox/errors';
import { engineContextInput } from '../../helpers/node-context';
import { testWorkflow } from '../../helpers/test-nodes';

const echoParam: NodeTypeDefinition = {
  type: 'test.echoParam',
  displayName: 'Echo Param',
  versions: [1],
  execute: (ctx) => Promise.resolve([[{ json: { v: ctx.getParam('v', 0) } }]]),
};

describe('runNode with parameters prepared off the service thread', () => {
  it('prepares before each try: a sandbox limit counts as a failed try and the retry resolves again', async () => {
    const workflow = testWorkflow(
      [['Start', 'test.trigger'], ['Echo', 'test.echoParam', { parameters: { v: '={{ $json.n }}' }, retryOnFail: true, maxTries: 2, waitBetweenTries: 0 }]],
      [['Start', 'Echo']],
      [echoParam],
    );
    let prepared = 0;
    const session: ExpressionSession = {
      resolveParameters: () => {
        throw new Error('resolved on the service thread');
      },
      prepareParameters: () => {
        prepared += 1;
        if (prepared === 1) return Promise.reject(new NodeSandboxLimitError('Echo', 'Expression in node "Echo" timed out after 5 seconds', 'time'));
        return Promise.resolve({ forItem: () => ({ v: 'second try' }), hasFailure: () => false });
      },
      evaluate: () => null,
      runCode: () => Promise.reject(new Error('no code here')),
      close: () => undefined,
    };
    const ctx = createNodeContext(engineContextInput(workflow, 'Echo', session, [[{ json: { n: 1 } }]]));
    const outcome = await runNode(echoParam, ctx, undefined);
    expect(outcome).toEqual({ output: [[{ json: { v: 'second try' } }]], fatal: false });
    expect(prepared).toBe(2);
  });
});
