import { createExpressionEngine, type ConsoleMessage } from '../../../src/expressions';
import type { CodeRequest } from '../../../src/contracts/code';
import type { ExpressionEngine, ExpressionSession } from '../../../src/expressions/types';
import { CodeExecutionError } from '../../../src/errors';
import { NodeSandboxLimitError } from '../../../src/sandbox/errors';
import type { Item, RunExecutionData } from '../../../src/contracts/run-data';
import type { Workflow } from '../../../src/workflow/types';
import { addRun, emptyRunData, executionScope, items, makeWorkflow, nodeScope } from './helpers';

let engine: ExpressionEngine;
const logs: ConsoleMessage[] = [];
beforeAll(() => {
  engine = createExpressionEngine({ timeoutMs: 1000, memoryMb: 64, onConsole: (entry) => logs.push(entry) });
});
afterAll(() => engine.dispose());

interface Setup {
  workflow: Workflow;
  runData: RunExecutionData;
  session: ExpressionSession;
}

let setup: Setup;
beforeEach(() => {
  const workflow = makeWorkflow(
    [{ name: 'Items With Json', type: 'n8n-nodes-base.code' }, { name: 'Code', type: 'n8n-nodes-base.code' }],
    [['Items With Json', 'Code']],
  );
  const runData = emptyRunData();
  addRun(runData, 'Items With Json', [items({ n: 1, sq: 1 }, { n: 2, sq: 4 }, { n: 3, sq: 9 })]);
  setup = { workflow, runData, session: engine.openSession(executionScope(workflow, runData, { executionId: 'exec-code' })) };
});
afterEach(() => setup.session.close());

function run(code: string, input: Item[], extra: Partial<CodeRequest> = {}) {
  return setup.session.runCode(
    nodeScope(setup.workflow, 'Code', input, { main: [{ previousNode: 'Items With Json' }] }),
    { code, mode: 'runOnceForAllItems', ...extra },
  );
}

async function failureOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the code to fail');
}

describe('runOnceForAllItems (11_code_all_items_shapes)', () => {
  const input = items({ n: 1, sq: 1 }, { n: 2, sq: 4 }, { n: 3, sq: 9 });

  it('returns what the code returns, JSON-copied', async () => {
    await expect(run('return [1, 2, 3].map(n => ({ json: { n, sq: n * n } }));', [])).resolves.toEqual({
      mode: 'runOnceForAllItems',
      returned: [{ json: { n: 1, sq: 1 } }, { json: { n: 2, sq: 4 } }, { json: { n: 3, sq: 9 } }],
    });
    await expect(run('return $input.all().map(i => ({ n: i.json.n, even: i.json.n % 2 === 0 }));', input)).resolves.toEqual({
      mode: 'runOnceForAllItems',
      returned: [{ n: 1, even: false }, { n: 2, even: true }, { n: 3, even: false }],
    });
    await expect(run('const total = $input.all().reduce((s, i) => s + i.json.n, 0);\nreturn { json: { total, count: items.length } };', input)).resolves.toEqual({
      mode: 'runOnceForAllItems',
      returned: { json: { total: 6, count: 3 } },
    });
    await expect(run('return;', input)).resolves.toEqual({ mode: 'runOnceForAllItems', returned: undefined });
    await expect(run('return { first: $json.n, when: DateTime.fromMillis(0, { zone: "utc" }) };', input)).resolves.toEqual({
      mode: 'runOnceForAllItems',
      returned: { first: 1, when: '1970-01-01T00:00:00.000Z' },
    });
  });

  it('lets code mutate the items it reads without touching the stored run data', async () => {
    const mutate = "const out = $('Items With Json').all();\nfor (const item of out) { item.json.tag = 'm' + item.json.n; }\nreturn out;";
    const result = await run(mutate, input);
    expect(result.returned).toEqual([
      { json: { n: 1, sq: 1, tag: 'm1' }, pairedItem: { item: 0 } },
      { json: { n: 2, sq: 4, tag: 'm2' }, pairedItem: { item: 1 } },
      { json: { n: 3, sq: 9, tag: 'm3' }, pairedItem: { item: 2 } },
    ]);
    expect(setup.runData.resultData.runData['Items With Json'][0].data?.main?.[0]?.[0].json).toEqual({ n: 1, sq: 1 });
    await expect(run("return $('Items With Json').first().json;", input)).resolves.toEqual({
      mode: 'runOnceForAllItems',
      returned: { n: 1, sq: 1 },
    });
    await run('items[0].json.changed = true; return [];', input);
    expect(input[0].json).toEqual({ n: 1, sq: 1 });
  });

  it('awaits promises and timers', async () => {
    await expect(run('const v = await Promise.resolve(5);\nawait new Promise((r) => setTimeout(r, 20));\nreturn { v };', input)).resolves.toEqual({
      mode: 'runOnceForAllItems',
      returned: { v: 5 },
    });
  });

  it('keeps undeclared variables to the call that set them', async () => {
    await expect(run('counter = 7;\nreturn { counter };', input)).resolves.toEqual({ mode: 'runOnceForAllItems', returned: { counter: 7 } });
    const error = await failureOf(run('return { counter };', input));
    expect(error).toMatchObject({ message: 'counter is not defined [line 1]', description: 'ReferenceError' });
  });

  it('forwards console.log to the host', async () => {
    logs.length = 0;
    await run("console.log('hi', { a: 1 }, 2);\nreturn [];", input);
    expect(logs).toEqual([{ executionId: 'exec-code', nodeName: 'Code', message: "'hi' {\"a\":1} 2" }]);
  });
});

describe('runOnceForEachItem', () => {
  const input = items({ n: 1 }, { n: 2 }, { n: 3 });

  it('runs the code once per item with $json, item and $itemIndex', async () => {
    await expect(
      run('if ($json.n === 3) return;\nreturn { v: $json.n * 2, idx: $itemIndex, same: item.json === $json, first: $input.first().json.n };', input, { mode: 'runOnceForEachItem' }),
    ).resolves.toEqual({
      mode: 'runOnceForEachItem',
      returned: [{ v: 2, idx: 0, same: true, first: 1 }, { v: 4, idx: 1, same: true, first: 1 }, null],
    });
  });

  it('stops at the first failing item, naming it', async () => {
    const error = await failureOf(run("if ($json.n === 2) throw new Error('bad');\nreturn { ok: $json.n };", input, { mode: 'runOnceForEachItem' }));
    expect(error).toBeInstanceOf(CodeExecutionError);
    expect(error).toMatchObject({ message: 'bad [line 1]', nodeName: 'Code', itemIndex: 1 });
  });

  it('turns failing items into error items when continuing on failure', async () => {
    await expect(
      run("if ($json.n === 2) throw new Error('bad');\nreturn { ok: $json.n };", input, { mode: 'runOnceForEachItem', continueOnFail: true }),
    ).resolves.toEqual({
      mode: 'runOnceForEachItem',
      returned: [{ ok: 1 }, { json: { error: 'bad [line 1]' } }, { ok: 3 }],
    });
  });
});

describe('errors thrown by code (n8n task-runner messages)', () => {
  const input = items({ v: 1 });
  const cases: Array<[string, string, string | undefined]> = [
    ["throw new Error('boom from code');", 'boom from code [line 1]', undefined],
    ['const a = 1;\nconst b = null;\nreturn b.x;', "Cannot read properties of null (reading 'x') [line 3]", 'TypeError'],
    ["function inner() {\n  throw new Error('deep');\n}\nreturn inner();", 'deep [line 2]', undefined],
    ["[1].map(() => {\n  throw new Error('in arrow');\n});", 'in arrow [line 1]', undefined],
    // n8n 2.x's runner keeps everything after the first "Type: " (differential run e309).
    ["throw new Error('bad value: 5');", 'bad value: 5 [line 1]', undefined],
    ["class MyError extends Error {}\nthrow new MyError('custom: x');", 'custom: x [line 2]', undefined],
    // Setting name in a custom error class works despite the frozen prototypes (differential e309).
    ["class MyError extends Error {\n  constructor(m) { super(m); this.name = 'MyError'; }\n}\nthrow new MyError('custom boom: with colon');", 'custom boom: with colon [line 4]', 'MyError'],
    // A value that is not error-like reads as its JSON text (differential run d311).
    ["throw 'oops';", '"oops"', undefined],
    ['throw { code: 5 };', '{"code":5}', undefined],
    // No line for a syntax error, and no trailing space (differential run e305).
    ['const x = ;', "Unexpected token ';'", 'SyntaxError'],
    ["return $('Nowhere').first();", "Referenced node doesn't exist", undefined],
    ["require('fs');", "Module 'fs' is disallowed [line 1]", undefined],
  ];

  it.each(cases)('%j', async (code, message, description) => {
    const error = await failureOf(run(code, input));
    expect(error).toBeInstanceOf(CodeExecutionError);
    expect(error).toMatchObject({ message, nodeName: 'Code', description });
  });

  it('gives n8n\'s single error item when continuing on failure (31_error_continue_regular)', async () => {
    await expect(run("throw new Error('legacy continue');", input, { continueOnFail: true })).resolves.toEqual({
      mode: 'runOnceForAllItems',
      returned: [{ json: { error: 'legacy continue [line 1]' } }],
    });
  });
});

describe('time limit', () => {
  const input = items({ v: 1 });

  it.each([
    ['an endless loop', 'while (true) {}'],
    ['a promise that never settles', 'await new Promise(() => {});'],
    ['a timer past the deadline', 'await new Promise((r) => setTimeout(r, 5000));'],
  ])('stops %s with an error naming the node, and the session keeps working', async (_, code) => {
    const error = await failureOf(run(code, input, { timeoutMs: 200 }));
    expect(error).toBeInstanceOf(NodeSandboxLimitError);
    expect(error).toMatchObject({ message: 'Code in node "Code" timed out after 0.2 seconds', limit: 'time', nodeName: 'Code' });
    await expect(run('return 1;', input)).resolves.toEqual({ mode: 'runOnceForAllItems', returned: 1 });
  });
});

describe('several executions at once', () => {
  it('keeps each Code call in its own timezone and data while another execution runs between its awaits', async () => {
    const tokyo = engine.openSession(executionScope(setup.workflow, setup.runData, { timezone: 'Asia/Tokyo', executionId: 'tokyo' }));
    const utc = engine.openSession(executionScope(setup.workflow, setup.runData, { timezone: 'UTC', executionId: 'utc' }));
    try {
      const scope = nodeScope(setup.workflow, 'Code', items({ who: 'tokyo' }));
      const waiting = tokyo.runCode(scope, {
        code: 'const before = DateTime.now().zoneName;\nawait new Promise((r) => setTimeout(r, 30));\nreturn { before, after: DateTime.now().zoneName, who: $json.who };',
        mode: 'runOnceForAllItems',
      });
      const meanwhile = await utc.runCode(nodeScope(setup.workflow, 'Code', items({ who: 'utc' })), {
        code: 'return { zone: $now.zoneName, who: $json.who };',
        mode: 'runOnceForAllItems',
      });
      expect(meanwhile.returned).toEqual({ zone: 'UTC', who: 'utc' });
      await expect(waiting).resolves.toEqual({ mode: 'runOnceForAllItems', returned: { before: 'Asia/Tokyo', after: 'Asia/Tokyo', who: 'tokyo' } });
    } finally {
      tokyo.close();
      utc.close();
    }
  });

  it('gives code a per-execution copy of the workflow static data', async () => {
    await expect(run("const data = $getWorkflowStaticData('global');\ndata.count = (data.count || 0) + 1;\nreturn data;", items({}))).resolves.toEqual({
      mode: 'runOnceForAllItems',
      returned: { count: 1 },
    });
    expect(setup.workflow.staticData).toEqual({});
  });

  it('still refuses changes to the shared prototypes themselves', async () => {
    await expect(run("Error.prototype.name = 'hacked';\nreturn [];", items({}))).rejects.toThrow("Cannot assign to read only property 'name' of object");
    await expect(run('Object.prototype.toString = () => 1;\nreturn [];', items({}))).rejects.toThrow("Cannot assign to read only property 'toString' of object");
    await expect(run("return { name: new Error('x').name, own: Object.keys(new TypeError('y')) };", items({}))).resolves.toEqual({
      mode: 'runOnceForAllItems',
      returned: { name: 'Error', own: [] },
    });
  });

  it('keeps static data changes only from code that succeeded, so a retry starts afresh (differential d1309)', async () => {
    const code = "const data = $getWorkflowStaticData('node');\ndata.tries = (data.tries || 0) + 1;\nif (data.tries < 5) throw new Error('try ' + data.tries);\nreturn data;";
    await expect(run(code, items({}))).rejects.toThrow('try 1 [line 3]');
    await expect(run(code, items({}))).rejects.toThrow('try 1 [line 3]');
    await expect(run("const data = $getWorkflowStaticData('node');\ndata.ok = true;\nreturn data;", items({}))).resolves.toEqual({
      mode: 'runOnceForAllItems',
      returned: { ok: true },
    });
    await expect(run("return $getWorkflowStaticData('node');", items({}))).resolves.toEqual({ mode: 'runOnceForAllItems', returned: { ok: true } });
  });
});

describe('Node-like helpers n8n Code nodes rely on', () => {
  it('offers Buffer, TextEncoder and TextDecoder for the usual encodings', async () => {
    const code = [
      "const b = Buffer.from('h\u00e9llo', 'utf8');",
      'return {',
      "  base64: b.toString('base64'),",
      "  back: Buffer.from('aMOpbGxv', 'base64').toString(),",
      "  hex: Buffer.from('AZ').toString('hex'),",
      "  fromHex: Buffer.from('415a', 'hex').toString('latin1'),",
      "  length: Buffer.byteLength('h\u00e9llo'),",
      "  concat: Buffer.concat([Buffer.from('a'), Buffer.from('b')]).toString(),",
      '  isBuffer: Buffer.isBuffer(b) && b instanceof Uint8Array,',
      "  text: new TextDecoder().decode(new TextEncoder().encode('\u2713')),",
      "  btoa: btoa('hi'),",
      '};',
    ].join('\n');
    await expect(run(code, items({}))).resolves.toEqual({
      mode: 'runOnceForAllItems',
      returned: {
        base64: 'aMOpbGxv', back: 'h\u00e9llo', hex: '415a', fromHex: 'AZ', length: 6, concat: 'ab', isBuffer: true,
        text: '\u2713', btoa: 'aGk=',
      },
    });
  });
});
