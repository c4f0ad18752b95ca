import { NodeOperationError, WorkflowValidationError } from '../../../../src/errors';
import { stopAndErrorNode } from '../../../../src/nodes/core/stop-and-error';
import { noOpNode } from '../../../../src/nodes/core/no-op';
import { items } from '../../../helpers/node-context';
import { contextWith, outputsOf } from './context';

const stop = (parameters: Record<string, string>) =>
  stopAndErrorNode.execute(contextWith({ parameters, inputs: [items({ x: 1 })] })).catch((error: unknown) => error);

describe('Stop and Error', () => {
  it('fails with the configured message (conformance 37)', async () => {
    const error = await stop({ errorMessage: 'Stopped at x=1' });
    expect(error).toBeInstanceOf(NodeOperationError);
    expect(error).toMatchObject({ message: 'Stopped at x=1', nodeName: 'Test Node' });
  });

  it('takes message, else description, else error from an error object', async () => {
    expect(await stop({ errorType: 'errorObject', errorObject: '{"message": "Not found", "description": "No order 7"}' })).toMatchObject({
      message: 'Not found',
      description: 'No order 7',
    });
    expect(await stop({ errorType: 'errorObject', errorObject: '{"description": "No order 7"}' })).toMatchObject({ message: 'No order 7' });
    expect(await stop({ errorType: 'errorObject', errorObject: '{"error": "bad"}' })).toMatchObject({ message: 'bad' });
    expect(await stop({ errorType: 'errorObject', errorObject: '{"code": 42}' })).toMatchObject({ message: 'Error: {"code":42}' });
  });

  it('reports an error object that is no JSON', async () => {
    const error = await stop({ errorType: 'errorObject', errorObject: 'oops' });
    expect(error).toBeInstanceOf(NodeOperationError);
    expect((error as Error).message).toMatch(/^Unexpected token/);
  });

  it('refuses an unknown error type at load', () => {
    const node = contextWith({ parameters: { errorType: 'explode' } }).node;
    expect(() => stopAndErrorNode.validate?.(node)).toThrow(WorkflowValidationError);
  });
});

describe('No Op', () => {
  it('hands its items on, linked to themselves (conformance 25)', async () => {
    const input = [{ json: { v: 1 }, pairedItem: { item: 5 } }, { json: { v: 2 } }];
    const result = await noOpNode.execute(contextWith({ inputs: [input] }));
    expect(outputsOf(result)).toEqual([[{ json: { v: 1 }, pairedItem: { item: 0 } }, { json: { v: 2 }, pairedItem: { item: 1 } }]]);
  });
});
