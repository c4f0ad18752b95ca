import type { Item, RunExecutionData } from '../contracts/run-data';
import type { Workflow, WorkflowNode } from '../workflow/types';
import { createExpressionEngine } from './index';

/**
 * Micro-benchmark of the expression engine alone: a Set-like node with two expressions
 * resolved for N items, and many short executions of a 1-item node run. Run it with
 * `node -e "require('./dist/expressions/bench').printExpressionBench()"` after a build.
 */

export interface ExpressionBenchResult {
  items: number;
  /** Mean cost per item of resolving both expressions and building each item's parameters. */
  microsPerItem: number;
  /** Sessions per second, each resolving the same node for 1 item and closing. */
  sessionsPerSecond: number;
  /** Code-node calls per second (runOnceForEachItem over 1 item). */
  codeCallsPerSecond: number;
}

function benchNode(): WorkflowNode {
  return {
    id: 'set', name: 'Set', type: 'n8n-nodes-base.set', typeVersion: 3.4, position: [0, 0],
    parameters: {
      mode: 'manual',
      assignments: {
        assignments: [
          { id: 'a', name: 'double', value: '={{ $json.n * 2 }}', type: 'number' },
          { id: 'b', name: 'label', value: '=item-{{ $json.name.toUpperCase() }}', type: 'string' },
        ],
      },
      options: {},
    },
    disabled: false, retryOnFail: false, maxTries: 3, waitBetweenTries: 1000, retryBackoff: 'fixed',
    onError: 'stopWorkflow', alwaysOutputData: false, executeOnce: false,
  };
}

function benchWorkflow(node: WorkflowNode): Workflow {
  return {
    id: 'bench', name: 'Bench', active: false, nodes: new Map([[node.name, node]]),
    connectionsBySource: new Map(), connectionsByDestination: new Map(), subNodesByRoot: new Map(), subNodeNames: new Set(),
    settings: {}, staticData: {},
    pinData: {}, source: { nodes: [], connections: {} },
  };
}

function runData(): RunExecutionData {
  return {
    startData: {}, resultData: { runData: {} },
    executionData: { nodeExecutionStack: [], waitingExecution: {}, waitingExecutionSource: {}, nextExecutionIndex: 0, nodeRunCount: 0 },
  };
}

export async function runExpressionBench(itemCount = 10_000, sessions = 2_000): Promise<ExpressionBenchResult> {
  const engine = createExpressionEngine({ timeoutMs: 10_000, memoryMb: 256 });
  const node = benchNode();
  const workflow = benchWorkflow(node);
  const scopeOf = () => ({ workflow, executionId: 'bench', mode: 'manual' as const, runExecutionData: runData(), vars: {}, env: {}, timezone: 'UTC' });
  const inputs: Item[] = Array.from({ length: itemCount }, (_, i) => ({ json: { n: i, name: `name${i}` }, pairedItem: { item: i } }));
  try {
    // Warm up at full size: the first pass pays for compiling the runtime's hot paths.
    const warm = engine.openSession(scopeOf());
    const warmed = warm.resolveParameters({ node, runIndex: 0, inputs: [inputs], source: null }, itemCount);
    for (let i = 0; i < itemCount; i++) warmed.forItem(i);
    warm.close();

    // Best of three: on a shared machine the slowest passes measure the neighbours.
    let microsPerItem = Infinity;
    let sessionsPerSecond = 0;
    let codeCallsPerSecond = 0;
    const one = [inputs[0]];
    for (let pass = 0; pass < 3; pass++) {
      const big = engine.openSession(scopeOf());
      let started = process.hrtime.bigint();
      const resolved = big.resolveParameters({ node, runIndex: 0, inputs: [inputs], source: null }, itemCount);
      for (let i = 0; i < itemCount; i++) resolved.forItem(i);
      microsPerItem = Math.min(microsPerItem, Number(process.hrtime.bigint() - started) / 1000 / itemCount);
      big.close();

      started = process.hrtime.bigint();
      for (let i = 0; i < sessions; i++) {
        const session = engine.openSession(scopeOf());
        session.resolveParameters({ node, runIndex: 0, inputs: [one], source: null }, 1).forItem(0);
        session.close();
      }
      sessionsPerSecond = Math.max(sessionsPerSecond, sessions / (Number(process.hrtime.bigint() - started) / 1e9));

      const codeSession = engine.openSession(scopeOf());
      const calls = Math.max(1, Math.floor(sessions / 4));
      started = process.hrtime.bigint();
      for (let i = 0; i < calls; i++) {
        await codeSession.runCode({ node, runIndex: 0, inputs: [one], source: null }, { code: 'return { v: $json.n + 1 };', mode: 'runOnceForEachItem' });
      }
      codeCallsPerSecond = Math.max(codeCallsPerSecond, calls / (Number(process.hrtime.bigint() - started) / 1e9));
      codeSession.close();
    }
    return { items: itemCount, microsPerItem, sessionsPerSecond, codeCallsPerSecond };
  } finally {
    engine.dispose();
  }
}

export async function printExpressionBench(): Promise<void> {
  const result = await runExpressionBench();
  process.stdout.write(
    `expressions: ${result.microsPerItem.toFixed(2)} us/item (2 expressions, ${result.items} items), ` +
      `${Math.round(result.sessionsPerSecond)} one-item sessions/s, ${Math.round(result.codeCallsPerSecond)} code calls/s\n`,
  );
}
