import { createExpressionEngine } from '../../../src/expressions';
import type { ExpressionEngine } from '../../../src/expressions/types';
import { CodeExecutionError } from '../../../src/errors';
import { NodeSandboxLimitError } from '../../../src/sandbox/errors';
import type { JsonObject } from '../../../src/workflow/json';
import { emptyRunData, executionScope, items, makeWorkflow, nodeScope, resolveEach } from '../expressions/helpers';

let engine: ExpressionEngine;
beforeAll(() => {
  engine = createExpressionEngine({ timeoutMs: 300, memoryMb: 32 });
});
afterAll(() => engine.dispose());

const workflow = makeWorkflow([{ name: 'Code', type: 'n8n-nodes-base.code' }]);

async function runCode(code: string, timeoutMs?: number): Promise<unknown> {
  const session = engine.openSession(executionScope(workflow, emptyRunData()));
  try {
    const result = await session.runCode(nodeScope(workflow, 'Code', items({})), { code, mode: 'runOnceForAllItems', timeoutMs });
    return result.returned;
  } finally {
    session.close();
  }
}

async function codeError(code: string, timeoutMs?: number): Promise<unknown> {
  try {
    await runCode(code, timeoutMs);
  } catch (error) {
    return error;
  }
  throw new Error('expected the code to fail');
}

function expression(value: string, json: JsonObject = {}): unknown {
  return resolveEach(engine, { value }, items(json), { nodeName: 'Set' })[0].value;
}

describe('Code cannot reach the host', () => {
  it.each([
    ["return this.constructor.constructor('return process')();", 'process is not defined'],
    ['return process.env;', 'process is not defined [line 1]'],
    ["return require('child_process');", "Module 'child_process' is disallowed [line 1]"],
    ["return Function('return require')()('fs');", 'require is not defined'],
  ])('%s fails', async (code, message) => {
    const error = await codeError(code);
    expect(error).toBeInstanceOf(CodeExecutionError);
    expect((error as Error).message.startsWith(message)).toBe(true);
  });

  it('has no dynamic import', async () => {
    const error = await codeError("return await import('fs');");
    expect(error).toBeInstanceOf(CodeExecutionError);
  });

  it('sees no host objects or runtime internals among the globals', async () => {
    const names = (await runCode('return Object.getOwnPropertyNames(globalThis);')) as string[];
    expect(names.filter((n) => /^(process|require|Buffer|luxon|__|host|ivm|_ivm)/i.test(n))).toEqual([]);
    await expect(runCode('return [typeof globalThis.process, typeof globalThis.require, typeof setImmediate === "function"];')).resolves.toEqual([
      'undefined', 'undefined', true,
    ]);
  });

  it('cannot install a stack-trace hook', async () => {
    const stack = await runCode('Error.prepareStackTrace = (e, frames) => frames[0].getThis();\nreturn typeof new Error("x").stack;');
    expect(stack).toBe('string');
  });
});

describe('executions cannot influence each other', () => {
  it('ignores pollution of globals and prototypes from Code', async () => {
    await runCode("globalThis.leak = 'secret';\nObject.prototype.polluted = 1;\nArray.prototype.push = null;\nJSON.parse = () => 'hacked';\nreturn 1;");
    await expect(runCode('return [typeof globalThis.leak, ({}).polluted, typeof [].push, JSON.parse("1")];')).resolves.toEqual([
      'undefined', null, 'function', 1,
    ]);
    const strict = await codeError("'use strict';\nObject.prototype.polluted = 1;");
    expect((strict as Error).message).toBe("Cannot add property polluted, object is not extensible [line 2]");
  });

  it('ignores pollution from expressions', () => {
    expect(expression("={{ Object.prototype.x = 1, globalThis.y = 'leak', Array.prototype.map = 5 }}")).toBe(5);
    expect(expression('={{ [({}).x, typeof globalThis.y, typeof [].map, Object.isFrozen(Array.prototype)] }}')).toEqual([
      null, 'undefined', 'function', true,
    ]);
  });
});

describe('user code sees only its own execution', () => {
  it('finds nothing but item data on the expression scope, whose prototype is frozen', () => {
    expect(expression('={{ Object.getOwnPropertyNames(arguments[0]) }}', { a: 1 })).toEqual(['$json', '$data']);
    expect(expression('={{ Object.isFrozen(Object.getPrototypeOf(arguments[0])) }}')).toBe(true);
  });
});

describe('expressions cannot reach the host', () => {
  it('refuses or neutralises escape attempts', () => {
    expect(expression("={{ this.constructor.constructor('return process')() }}")).toEqual({
      __expressionError: true,
      message: 'Expression contains invalid constructor function call',
      description: 'Constructor override attempt is not allowed due to security concerns',
      expression: "={{ this.constructor.constructor('return process')() }}",
    });
    expect(expression("={{ Object['constr' + 'uctor']['constr' + 'uctor']('return process')() }}")).toBeUndefined();
    expect(expression('={{ process.env }}')).toBeUndefined();
    expect(expression("={{ require('fs') }}")).toBeUndefined();
    expect(expression('={{ typeof globalThis.process }}')).toBe('undefined');
  });
});

describe('limits', () => {
  it('stops an endless expression with an error naming the node', () => {
    let error: unknown;
    try {
      expression('={{ (() => { while (true) {} })() }}');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(NodeSandboxLimitError);
    expect(error).toMatchObject({ message: 'Expression in node "Set" timed out after 0.3 seconds', limit: 'time', nodeName: 'Set' });
    expect(expression('={{ 1 + 1 }}')).toBe(2);
  });

  it('fails a huge allocation with a memory error naming the node, then works again', async () => {
    // A generous time limit: near its memory limit V8 collects garbage repeatedly before giving up.
    const roomy = createExpressionEngine({ timeoutMs: 20_000, memoryMb: 32 });
    try {
      const evaluate = (value: string, json: JsonObject = {}) => resolveEach(roomy, { value }, items(json), { nodeName: 'Set' })[0].value;
      let error: unknown;
      try {
        evaluate('={{ (() => { const a = []; while (true) a.push(new Array(1e6).fill(1)); })() }}');
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(NodeSandboxLimitError);
      expect(error).toMatchObject({ message: 'Expression in node "Set" exceeded the memory limit of 32 MB', limit: 'memory' });
      expect(evaluate('={{ $json.a * 3 }}', { a: 2 })).toBe(6);

      const session = roomy.openSession(executionScope(workflow, emptyRunData()));
      const run = (code: string) => session.runCode(nodeScope(workflow, 'Code', items({})), { code, mode: 'runOnceForAllItems' });
      try {
        const double = 'return [1, 2].map((n) => n * 2);';
        await expect(run(double)).resolves.toEqual({ mode: 'runOnceForAllItems', returned: [2, 4] });
        await expect(run('const a = [];\nwhile (true) a.push(new Array(1e6).fill(1));')).rejects.toMatchObject({
          message: 'Code in node "Code" exceeded the memory limit of 32 MB',
          limit: 'memory',
          nodeName: 'Code',
        });
        // The same code again: compiled anew into the replacement isolate.
        await expect(run(double)).resolves.toEqual({ mode: 'runOnceForAllItems', returned: [2, 4] });
      } finally {
        session.close();
      }
    } finally {
      roomy.dispose();
    }
  });
});

/** Resolves one expression through the asynchronous path the engine uses (off the service thread). */
async function expressionOffThread(value: string, json: JsonObject = {}): Promise<unknown> {
  const target = makeWorkflow([{ name: 'Set', parameters: { value } }]);
  const session = engine.openSession(executionScope(target, emptyRunData()));
  try {
    const resolved = await session.prepareParameters!(nodeScope(target, 'Set', items(json)), 1);
    return resolved.forItem(0).value;
  } finally {
    session.close();
  }
}

describe('escape attempts through the asynchronous path', () => {
  it('expressions resolved off the thread are refused or neutralised as on it', async () => {
    await expect(expressionOffThread("={{ this.constructor.constructor('return process')() }}")).resolves.toMatchObject({
      __expressionError: true,
      message: 'Expression contains invalid constructor function call',
    });
    await expect(expressionOffThread("={{ Object['constr' + 'uctor']['constr' + 'uctor']('return process')() }}")).resolves.toBeUndefined();
    await expect(expressionOffThread("={{ (async () => 1).constructor('return process')() }}")).resolves.toMatchObject({ __expressionError: true });
    await expect(expressionOffThread('={{ typeof globalThis.process + typeof require }}')).resolves.toBe('undefinedundefined');
  });

  it('the async function constructor and promise jobs reach no host objects', async () => {
    const viaAsyncConstructor = await codeError("const AsyncFunction = (async () => {}).constructor;\nreturn await AsyncFunction('return process')();");
    expect((viaAsyncConstructor as Error).message.startsWith('process is not defined')).toBe(true);
    const viaMicrotask = await codeError("return await Promise.resolve().then(() => Function('return process')());");
    expect((viaMicrotask as Error).message.startsWith('process is not defined')).toBe(true);
    await expect(runCode('return await Promise.resolve().then(() => [typeof globalThis.process, typeof globalThis.queueMicrotask]);')).resolves.toEqual(['undefined', 'undefined']);
  });

  it('a thenable or a promise with a hijacked then cannot run code in the host', async () => {
    // The result is awaited inside the isolate; only its JSON text crosses to the host.
    const thenable = await codeError("return { then(resolve) { resolve(this.constructor.constructor('return process')()); } };");
    expect((thenable as Error).message.startsWith('process is not defined')).toBe(true);
    const hijacked = await runCode('const p = Promise.resolve([1]);\np.then = function (ok) { return ok(["hijacked", typeof globalThis.process]); };\nreturn p;');
    // Whichever `then` V8 takes, what arrives is plain JSON from inside the isolate.
    expect([[1], ['hijacked', 'undefined']]).toContainEqual(hijacked);
    // Promise.prototype is frozen: replacing `then` for later calls (or the host's await) does nothing.
    await runCode("Promise.prototype.then = function () { return 'x'; };\nreturn 1;");
    await expect(runCode('return [await Promise.resolve(5), Object.isFrozen(Promise.prototype)];')).resolves.toEqual([5, true]);
  });

  it('what code returns is copied as JSON: functions, symbols, proxies and host-looking objects do not cross', async () => {
    await expect(runCode('return [{ f: () => 1, s: Symbol("x"), n: 1 }];')).resolves.toEqual([{ n: 1 }]);
    const trapped = await runCode("return [new Proxy({ a: 1 }, { ownKeys: () => ['a', 'b'], getOwnPropertyDescriptor: (t, k) => ({ value: k === 'a' ? 1 : 'trap', enumerable: true, configurable: true }) })];");
    expect(trapped).toMatchObject([{ a: 1 }]);
    expect(Object.getPrototypeOf((trapped as object[])[0])).toBe(Object.prototype);
    // A getter that spins while the result is serialised is stopped by the time limit, off the service thread.
    const spinning = await codeError('return [{ get x() { while (true) {} } }];');
    expect(spinning).toBeInstanceOf(NodeSandboxLimitError);
    await expect(runCode('return [1];')).resolves.toEqual([1]);
  });

  it('timers and rejected promises hand no host reference to user code', async () => {
    const seen = await runCode(
      "return await new Promise((resolve) => setTimeout(function () { resolve([typeof this, this === undefined || this === globalThis, typeof arguments[0]]); }, 0));",
    );
    expect(seen).toEqual([expect.any(String), true, 'undefined']);
    await expect(runCode('return String(setTimeout(() => {}, 1));')).resolves.toMatch(/^\d+$/);
    const rejected = await codeError('await Promise.reject(new Error("from a promise"));');
    expect(rejected).toBeInstanceOf(CodeExecutionError);
    expect((rejected as Error).message.startsWith('from a promise')).toBe(true);
  });
});
