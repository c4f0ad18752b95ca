import { CodeExecutionError, ExecutionCancelledError, NodeOperationError, WorkflowValidationError } from '../../../../src/errors';
import type { JsonValue } from '../../../../src/workflow/json';
import type { CodeRequest, CodeResult } from '../../../../src/contracts/code';
import { codeNode } from '../../../../src/nodes/core/code/code.node';
import { functionItemNode, functionNode } from '../../../../src/nodes/core/code/function-nodes';
import { items } from '../../../helpers/node-context';
import { contextWith, jsonOf, outputsOf } from './context';

function allItems(returned: JsonValue | undefined) {
  return (): Promise<CodeResult> => Promise.resolve({ mode: 'runOnceForAllItems', returned });
}

function eachItem(returned: Array<JsonValue | undefined>) {
  return (): Promise<CodeResult> => Promise.resolve({ mode: 'runOnceForEachItem', returned });
}

async function run(runCode: (request: CodeRequest) => Promise<CodeResult>, parameters = {}, input = items({}), extra = {}) {
  return codeNode.execute(contextWith({ typeVersion: 2, parameters: { jsCode: 'return 1', ...parameters }, inputs: [input], runCode, ...extra }));
}

describe('Code, run once for all items', () => {
  it('takes items with json, leaving pairing to the engine as n8n does (conformance 11)', async () => {
    const result = await run(allItems([{ json: { n: 1, sq: 1 } }, { json: { n: 2, sq: 4 } }, { json: { n: 3, sq: 9 } }]));
    expect(outputsOf(result)).toEqual([[{ json: { n: 1, sq: 1 } }, { json: { n: 2, sq: 4 } }, { json: { n: 3, sq: 9 } }]]);
  });

  it('wraps bare objects as json (conformance 11)', async () => {
    const input = items({ n: 1 }, { n: 2 }, { n: 3 });
    const result = await run(allItems([{ n: 1, even: false }, { n: 2, even: true }]), {}, input);
    expect(outputsOf(result)).toEqual([[{ json: { n: 1, even: false } }, { json: { n: 2, even: true } }]]);
  });

  it('takes a single object, item or plain (conformance 11)', async () => {
    const input = items({ n: 1 }, { n: 2 }, { n: 3 });
    expect(jsonOf(await run(allItems({ json: { total: 6, count: 3 } }), {}, input))).toEqual([[{ total: 6, count: 3 }]]);
    expect(outputsOf(await run(allItems({ total: 6 }), {}, input))).toEqual([[{ json: { total: 6 } }]]);
  });

  it('keeps pairedItem and binary the code set', async () => {
    const binary = { file: { data: 'aGk=', mimeType: 'text/plain' } };
    const result = await run(allItems([{ json: { a: 1 }, pairedItem: { item: 4 }, binary }]), {}, items({}, {}));
    expect(outputsOf(result)).toEqual([[{ json: { a: 1 }, pairedItem: { item: 4 }, binary }]]);
  });

  it('gives binary-only entries an empty json, and refuses fields beside binary as n8n does', async () => {
    const binary = { f: { data: '', mimeType: 'x' } };
    expect(outputsOf(await run(allItems([{ binary }])))[0]).toEqual([{ json: {}, binary }]);
    await expect(run(allItems([{ name: 'a', binary }]))).rejects.toThrow('Invalid output format [item 0]');
  });

  it('outputs nothing for [] and for null (conformance 13)', async () => {
    expect(outputsOf(await run(allItems([])))).toEqual([[]]);
    expect(outputsOf(await run(allItems(null)))).toEqual([[]]);
  });

  it("refuses results that are no items, with n8n's messages", async () => {
    await expect(run(allItems(undefined))).rejects.toThrow("Code doesn't return items properly");
    await expect(run(allItems(5))).rejects.toThrow("Code doesn't return items properly");
    await expect(run(allItems([1, 2]))).rejects.toThrow("Code doesn't return items properly");
    await expect(run(allItems([{ json: 5 }]))).rejects.toThrow("A 'json' property isn't an object [item 0]");
    await expect(run(allItems([{ json: {} }, { a: 1 }]))).rejects.toThrow('Unknown top-level item key: a [item 1]');
    await expect(run(allItems([{ json: {}, extra: 1 }]))).rejects.toThrow('Invalid output format [item 0]');
    await expect(run(allItems([{ json: {}, binary: 'x' }]))).rejects.toThrow("A 'binary' property isn't an object [item 0]");
    await expect(run(allItems(undefined))).rejects.toBeInstanceOf(CodeExecutionError);
  });

  it('passes the code and mode to the sandbox', async () => {
    const runCode = jest.fn(allItems([]));
    await run(runCode, { jsCode: 'return [];' });
    expect(runCode).toHaveBeenCalledWith({ code: 'return [];', mode: 'runOnceForAllItems', continueOnFail: false, helpers: { call: expect.any(Function) } });
  });

  it('rethrows code errors, or makes them an error item when continuing on fail (conformance 39)', async () => {
    const boom = () => Promise.reject(new CodeExecutionError('Test Node', 'boom from code [line 1]'));
    await expect(run(boom)).rejects.toThrow('boom from code [line 1]');
    const continued = await run(boom, {}, items({ v: 1 }), { continueOnFail: true });
    // Unpaired, as n8n's runner returns it: the engine pairs it later, after the error-output split.
    expect(outputsOf(continued)).toEqual([[{ json: { error: 'boom from code [line 1]' } }]]);
  });

  it('names the node when the sandbox throws a plain error, and never swallows a cancellation', async () => {
    const plain = await run(() => Promise.reject(new TypeError('x is not defined'))).catch((error: unknown) => error);
    expect(plain).toBeInstanceOf(CodeExecutionError);
    expect(plain).toMatchObject({ message: 'x is not defined', nodeName: 'Test Node' });
    const cancelled = () => Promise.reject(new ExecutionCancelledError());
    await expect(run(cancelled, {}, items({}), { continueOnFail: true })).rejects.toBeInstanceOf(ExecutionCancelledError);
  });

  it('refuses Python with a clear message', async () => {
    await expect(run(allItems([]), { language: 'python', pythonCode: 'return []' })).rejects.toThrow(
      new NodeOperationError('Test Node', 'Python is not supported'),
    );
  });
});

describe('Code, run once for each item', () => {
  const perItem = { mode: 'runOnceForEachItem' };

  it('links each result to its item and skips items that returned nothing', async () => {
    const result = await run(eachItem([{ json: { a: 1 } }, null, { b: 2 }, undefined]), perItem, items({}, {}, {}, {}));
    expect(outputsOf(result)).toEqual([
      [
        { json: { a: 1 }, pairedItem: { item: 0 } },
        { json: { b: 2 }, pairedItem: { item: 2 } },
      ],
    ]);
  });

  it('asks the sandbox to continue on fail and keeps its error items in place', async () => {
    const runCode = jest.fn(eachItem([{ a: 1 }, { json: { error: 'bad [line 1, for item 1]' } }]));
    const result = await run(runCode, perItem, items({}, {}), { continueOnFail: true });
    expect(runCode).toHaveBeenCalledWith({ code: 'return 1', mode: 'runOnceForEachItem', continueOnFail: true, helpers: { call: expect.any(Function) } });
    expect(outputsOf(result)).toEqual([
      [
        { json: { a: 1 }, pairedItem: { item: 0 } },
        { json: { error: 'bad [line 1, for item 1]' }, pairedItem: { item: 1 } },
      ],
    ]);
  });

  it('refuses values that are no object', async () => {
    await expect(run(eachItem([[{ a: 1 }]]), perItem)).rejects.toThrow("A 'json' property isn't an object [item 0]");
    await expect(run(eachItem(['text']), perItem)).rejects.toThrow("A 'json' property isn't an object [item 0]");
  });

  it('refuses $input.all() before running, naming the line', async () => {
    const runCode = jest.fn(eachItem([]));
    const code = '// $input.all() in a comment is fine\nconst all = $input.all();\nreturn all[0];';
    await expect(run(runCode, { ...perItem, jsCode: code })).rejects.toThrow("Can't use .all() here [line 2, for item 0]");
    expect(runCode).not.toHaveBeenCalled();
  });
});

describe('Code validation at load', () => {
  it('refuses an unknown mode', () => {
    const node = contextWith({ parameters: { mode: 'sometimes' } }).node;
    expect(() => codeNode.validate?.(node)).toThrow(WorkflowValidationError);
  });
});

describe('Function and Function Item', () => {
  it('Function returns items and checks their shape', async () => {
    const ctx = contextWith({ parameters: { functionCode: 'return items;' }, runCode: allItems([{ json: { a: 1 } }]) });
    expect(jsonOf(await functionNode.execute(ctx))).toEqual([[{ a: 1 }]]);
    const bad = contextWith({ parameters: { functionCode: 'return 1;' }, runCode: allItems(1) });
    await expect(functionNode.execute(bad)).rejects.toThrow('Always an Array of items has to be returned!');
  });

  it('Function Item gives the code the json as `item` and wraps what it returns', async () => {
    const runCode = jest.fn(eachItem([{ a: 2 }]));
    const ctx = contextWith({ parameters: { functionCode: 'item.a = 2;\nreturn item;' }, inputs: [items({ a: 1 })], runCode });
    expect(outputsOf(await functionItemNode.execute(ctx))).toEqual([[{ json: { a: 2 }, pairedItem: { item: 0 } }]]);
    expect(runCode).toHaveBeenCalledWith({
      code: 'return await (async (item) => {\nitem.a = 2;\nreturn item;\n})($json);',
      mode: 'runOnceForEachItem',
      continueOnFail: false,
    });
    const none = contextWith({ parameters: { functionCode: '' }, runCode: eachItem([null]) });
    await expect(functionItemNode.execute(none)).rejects.toThrow('No data got returned. Always an object has to be returned!');
  });
});
