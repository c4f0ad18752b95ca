import { createExpressionEngine } from '../../../src/expressions';
import type { ExpressionEngine, ExpressionSession } from '../../../src/expressions/types';
import { NodeSandboxLimitError } from '../../../src/sandbox/errors';
import type { JsonObject } from '../../../src/workflow/json';
import { emptyRunData, executionScope, items, makeWorkflow, nodeScope } from '../expressions/helpers';

const workflow = makeWorkflow([
  { name: 'Code', type: 'n8n-nodes-base.code' },
  { name: 'Set', parameters: { value: '={{ $execution.customData.get("who") }}', double: '={{ $json.n * 2 }}' } },
]);

function code(session: ExpressionSession, source: string, input: JsonObject[] = [{}]): Promise<unknown> {
  return session.runCode(nodeScope(workflow, 'Code', items(...input)), { code: source, mode: 'runOnceForAllItems' }).then((result) => result.returned);
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
}

/** Counts turns of the service thread's event loop until `work` settles. */
async function loopTurnsDuring(work: Promise<unknown>): Promise<number> {
  let turns = 0;
  let done = false;
  const settled = work.then(
    () => undefined,
    () => undefined,
  );
  void settled.then(() => {
    done = true;
  });
  while (!done) {
    await new Promise((resolve) => setTimeout(resolve, 10));
    turns += 1;
  }
  return turns;
}

describe('user code off the service thread', () => {
  let engine: ExpressionEngine;
  beforeAll(() => {
    engine = createExpressionEngine({ timeoutMs: 400, memoryMb: 64, codeConcurrency: 2 });
  });
  afterAll(() => engine.dispose());

  it('keeps the event loop turning while a Code node spins, stops it at its timeout, and the next call works', async () => {
    const session = engine.openSession(executionScope(workflow, emptyRunData()));
    try {
      const spinning = failure(code(session, 'while (true) {}'));
      // Timers keep firing while the code spins: it does not hold the service thread.
      expect(await loopTurnsDuring(spinning)).toBeGreaterThan(3);
      const error = await spinning;
      expect(error).toBeInstanceOf(NodeSandboxLimitError);
      expect(error).toMatchObject({ message: 'Code in node "Code" timed out after 0.4 seconds', limit: 'time', nodeName: 'Code' });
      await expect(code(session, 'return 6 * 7;')).resolves.toBe(42);
      expect(engine.codeCalls?.()).toEqual({ running: 0, queued: 0 });
    } finally {
      session.close();
    }
  });

  it('stops code that awaits forever or spins in microtasks or timers, and frees its isolate each time', async () => {
    const session = engine.openSession(executionScope(workflow, emptyRunData()));
    try {
      for (const source of [
        'await new Promise(() => {});',
        'await null; while (true) {}',
        'const spin = async () => { while (true) await null; };\nawait spin();',
        'await new Promise((resolve) => setTimeout(() => { while (true) {} }, 10));',
        'setInterval(() => {}, 1);\nawait new Promise(() => {});',
      ]) {
        const error = await failure(code(session, source));
        expect(error).toMatchObject({ message: 'Code in node "Code" timed out after 0.4 seconds', limit: 'time' });
        await expect(code(session, 'return "next";')).resolves.toBe('next');
      }
      expect(engine.codeCalls?.()).toEqual({ running: 0, queued: 0 });
    } finally {
      session.close();
    }
  });

  it('stops an endless expression resolved off the thread, and resolves the next one', async () => {
    const looping = makeWorkflow([{ name: 'Set', parameters: { v: '={{ (() => { while (true) {} })() }}' } }]);
    const session = engine.openSession(executionScope(looping, emptyRunData()));
    try {
      const pending = failure(session.prepareParameters!(nodeScope(looping, 'Set', items({})), 1));
      expect(await loopTurnsDuring(pending)).toBeGreaterThan(3);
      expect(await pending).toMatchObject({ message: 'Expression in node "Set" timed out after 0.4 seconds', limit: 'time', nodeName: 'Set' });
      const resolved = await session.prepareParameters!(nodeScope(workflow, 'Set', items({ n: 4 }, { n: 5 })), 2);
      expect([resolved.forItem(0).double, resolved.forItem(1).double]).toEqual([8, 10]);
    } finally {
      session.close();
    }
  });

  it('carries $execution.customData and static data from one call to the next, whichever isolate runs it', async () => {
    const session = engine.openSession(executionScope(workflow, emptyRunData()));
    const other = engine.openSession(executionScope(workflow, emptyRunData()));
    try {
      await code(session, "$execution.customData.set('who', 'first');\n$getWorkflowStaticData('global').count = 1;\nreturn 1;");
      // Another execution holds the isolate the first call used, so the next call runs in another one.
      const holding = code(other, 'await new Promise((resolve) => setTimeout(resolve, 200));\nreturn $execution.customData.get("who") ?? "none";');
      await expect(code(session, "const data = $getWorkflowStaticData('global');\ndata.count += 1;\nreturn [$execution.customData.get('who'), data.count];")).resolves.toEqual([
        'first',
        2,
      ]);
      await expect(holding).resolves.toBe('none');
      const resolved = await session.prepareParameters!(nodeScope(workflow, 'Set', items({ n: 1 })), 1);
      // Expressions see customData inert, as n8n 2.40.7's VM expression engine does.
      expect(resolved.forItem(0).value).toBeUndefined();
      // Static data changes count only when the code succeeds (n8n's runner); custom data set before a throw stays.
      await failure(code(session, "$execution.customData.set('who', 'failed');\n$getWorkflowStaticData('global').count = 99;\nthrow new Error('no');"));
      await expect(code(session, "return [$execution.customData.get('who'), $getWorkflowStaticData('global').count];")).resolves.toEqual(['failed', 2]);
    } finally {
      session.close();
      other.close();
    }
  });
});

describe('CODE_CONCURRENCY', () => {
  it('runs at most that many Code calls at once, queues the rest in order, and shows both in codeCalls()', async () => {
    const engine = createExpressionEngine({ timeoutMs: 5000, memoryMb: 64, codeConcurrency: 1 });
    const session = engine.openSession(executionScope(workflow, emptyRunData()));
    try {
      const finished: string[] = [];
      const run = (name: string) =>
        code(session, `await new Promise((resolve) => setTimeout(resolve, 100));\nreturn '${name}';`).then((value) => {
          finished.push(String(value));
          return value;
        });
      const calls = [run('a'), run('b'), run('c')];
      // The first call holds the only slot as soon as it asked for one; the others wait.
      await new Promise((resolve) => setImmediate(resolve));
      expect(engine.codeCalls?.()).toEqual({ running: 1, queued: 2 });
      await expect(Promise.all(calls)).resolves.toEqual(['a', 'b', 'c']);
      expect(finished).toEqual(['a', 'b', 'c']);
      expect(engine.codeCalls?.()).toEqual({ running: 0, queued: 0 });
    } finally {
      session.close();
      engine.dispose();
    }
  });
});

describe('CODE_OFF_THREAD=false (the former path, for comparison)', () => {
  it('runs Code and expressions on the service thread with the same results', async () => {
    const engine = createExpressionEngine({ timeoutMs: 2000, memoryMb: 64, offThread: false });
    const session = engine.openSession(executionScope(workflow, emptyRunData()));
    try {
      await expect(code(session, 'return $input.all().map((i) => i.json.n * 3);', [{ n: 1 }, { n: 2 }])).resolves.toEqual([3, 6]);
      const resolved = await session.prepareParameters!(nodeScope(workflow, 'Set', items({ n: 21 })), 1);
      expect(resolved.forItem(0).double).toBe(42);
    } finally {
      session.close();
      engine.dispose();
    }
  });
});
