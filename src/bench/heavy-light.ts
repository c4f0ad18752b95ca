import http from 'node:http';
import { performance } from 'node:perf_hooks';
import type { WorkflowJson } from '../workflow/types';
import { call as callService, type Reply } from './bench-service';
import { percentile } from './measure';

/** Manual Trigger -> Code that keeps a core busy for `burnMs` (the careless Code node). */
export function heavyWorkflow(burnMs: number): WorkflowJson {
  return {
    id: 'heavyCode',
    name: 'heavy code',
    settings: { executionOrder: 'v1' },
    nodes: [
      { name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
      {
        name: 'Burn',
        type: 'n8n-nodes-base.code',
        typeVersion: 2,
        position: [220, 0],
        parameters: { jsCode: `const started = Date.now();\nlet spins = 0;\nwhile (Date.now() - started < ${burnMs}) spins++;\nreturn [{ json: { burned: true, spins: spins > 0 } }];` },
      },
    ],
    connections: { Start: { main: [[{ node: 'Burn', type: 'main', index: 0 }]] } },
  };
}

/** Webhook -> Set (two expressions) answering with the last node: light work through the sandbox. */
export const LIGHT_WORKFLOW: WorkflowJson = {
  id: 'lightHook',
  name: 'light webhook',
  settings: { executionOrder: 'v1' },
  nodes: [
    { name: 'Webhook', type: 'n8n-nodes-base.webhook', typeVersion: 2.1, position: [0, 0], webhookId: 'light-hook', parameters: { httpMethod: 'POST', path: 'light', responseMode: 'lastNode', options: {} } },
    {
      name: 'Set',
      type: 'n8n-nodes-base.set',
      typeVersion: 3.4,
      position: [220, 0],
      parameters: {
        mode: 'manual',
        assignments: {
          assignments: [
            { id: 'l1', name: 'greeting', value: '=Hello {{ $json.body.name }}', type: 'string' },
            { id: 'l2', name: 'doubled', value: '={{ $json.body.value * 2 }}', type: 'number' },
          ],
        },
        options: {},
      },
    },
  ],
  connections: { Webhook: { main: [[{ node: 'Set', type: 'main', index: 0 }]] } },
};

export interface HeavyLightTarget {
  port: number;
  apiKey: string;
}

function call(target: HeavyLightTarget, agent: http.Agent, method: string, path: string, body?: string, auth = false): Promise<Reply> {
  return callService(agent, target.port, method, path, body, auth ? { authorization: `Bearer ${target.apiKey}` } : {});
}


export interface HeavyLightOptions {
  lightCalls?: number;
  concurrency?: number;
  /**
   * How to know the heavy runs are burning before the light calls start: the /metrics gauge
   * (default), or a pause in ms for a service whose Code runs on its own thread (CODE_OFF_THREAD=false
   * answers nothing, /metrics included, while a Code node burns).
   */
  heavyStartedAfterMs?: number;
}

export interface HeavyLightResult {
  lightCalls: number;
  lightFailed: number;
  /** Light answers whose body was not the expected Set output. */
  lightWrong: number;
  lightP50Ms: number;
  lightP99Ms: number;
  /** Light calls answered before the first heavy run ended. */
  lightDoneBeforeHeavy: number;
  heavyStatuses: string[];
  heavyMs: number[];
}

/** Code calls running, as /metrics reports them. */
async function codeCallsRunning(target: HeavyLightTarget, agent: http.Agent): Promise<number> {
  const reply = await call(target, agent, 'GET', '/metrics', undefined, true);
  const match = /^automator_code_calls\{state="running"\} (\d+)$/m.exec(reply.body);
  return match ? Number(match[1]) : 0;
}

interface LightLoad {
  failed: number;
  wrong: number;
  p50Ms: number;
  p99Ms: number;
  /** When each call was answered (performance.now()). */
  doneAt: number[];
}

/** `calls` calls to the light workflow, `concurrency` at a time, each answer checked. */
export async function lightLoad(target: HeavyLightTarget, agent: http.Agent, calls: number, concurrency: number): Promise<LightLoad> {
  const latencies: number[] = [];
  const doneAt: number[] = [];
  let failed = 0;
  let wrong = 0;
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < calls) {
        const index = next;
        next += 1;
        const sent = performance.now();
        const reply = await call(target, agent, 'POST', '/webhook/light', JSON.stringify({ name: `user${index}`, value: index })).catch(() => ({ status: 0, body: '' }));
        const now = performance.now();
        latencies.push(now - sent);
        doneAt.push(now);
        if (reply.status !== 200) failed += 1;
        else if (!reply.body.includes(`"greeting":"Hello user${index}"`) || !reply.body.includes(`"doubled":${index * 2}`)) wrong += 1;
      }
    }),
  );
  const sorted = [...latencies].sort((a, b) => a - b);
  return { failed, wrong, p50Ms: percentile(sorted, 0.5), p99Ms: percentile(sorted, 0.99), doneAt };
}

/**
 * The acceptance scenario against a running service that has LIGHT_WORKFLOW
 * (activated) and heavyWorkflow: two manual runs burn a core each in a Code node while
 * `lightCalls` webhook calls go to the light workflow, `concurrency` at a time. Waits until
 * both heavy Code calls run (the /metrics gauge says so) before the light calls start.
 */
export async function runHeavyLight(target: HeavyLightTarget, options: HeavyLightOptions = {}): Promise<HeavyLightResult> {
  const lightCalls = options.lightCalls ?? 200;
  const concurrency = options.concurrency ?? 10;
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency + 4 });
  try {
    let firstHeavyEnd = Number.POSITIVE_INFINITY;
    const heavy = [0, 1].map(async () => {
      const started = performance.now();
      const reply = await call(target, agent, 'POST', '/canvas/heavyCode/execute', '{}', true);
      const ended = performance.now();
      firstHeavyEnd = Math.min(firstHeavyEnd, ended);
      const status = reply.status === 200 ? String((JSON.parse(reply.body) as { status?: unknown }).status) : `HTTP ${reply.status}`;
      return { status, ms: ended - started };
    });
    if (options.heavyStartedAfterMs !== undefined) {
      await new Promise((resolve) => setTimeout(resolve, options.heavyStartedAfterMs));
    } else {
      const deadline = Date.now() + 30_000;
      while ((await codeCallsRunning(target, agent)) < 2) {
        if (Date.now() > deadline) throw new Error('heavy-light: the two heavy Code calls never ran at once');
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    }
    const light = await lightLoad(target, agent, lightCalls, concurrency);
    const heavyResults = await Promise.all(heavy);
    return {
      lightCalls,
      lightFailed: light.failed,
      lightWrong: light.wrong,
      lightP50Ms: light.p50Ms,
      lightP99Ms: light.p99Ms,
      lightDoneBeforeHeavy: light.doneAt.filter((at) => at < firstHeavyEnd).length,
      heavyStatuses: heavyResults.map((result) => result.status),
      heavyMs: heavyResults.map((result) => result.ms),
    };
  } finally {
    agent.destroy();
  }
}
