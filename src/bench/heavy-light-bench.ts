import http from 'node:http';
import { call, startBenchService } from './bench-service';
import { LIGHT_WORKFLOW, heavyWorkflow, lightLoad, runHeavyLight, type HeavyLightResult } from './heavy-light';

export interface HeavyLightFigures extends HeavyLightResult {
  /** The same 200 light calls with nothing heavy running: what the machine allows at the time. */
  aloneP50Ms: number;
  aloneP99Ms: number;
}

/** The heavy-beside-light scenario against the service in its own process, user code off its thread or on it. */
export async function runHeavyLightBench(offThread: boolean): Promise<HeavyLightFigures> {
  const service = await startBenchService(
    [heavyWorkflow(3000), LIGHT_WORKFLOW].map((workflow) => ({ file: `${workflow.id}.json`, json: JSON.stringify(workflow) })),
    { env: { CODE_OFF_THREAD: String(offThread), CODE_TIMEOUT_MS: '60000', CODE_CONCURRENCY: '2' } },
  );
  const agent = new http.Agent({ keepAlive: true, maxSockets: 10 });
  try {
    const activated = await call(agent, service.port, 'POST', `/canvas/${LIGHT_WORKFLOW.id}/activate`, '{}', { authorization: `Bearer ${service.apiKey}` });
    if (activated.status !== 200) throw new Error(`bench: activation failed: ${activated.body}`);
    const target = { port: service.port, apiKey: service.apiKey };
    const alone = await lightLoad(target, agent, 200, 10);
    // On the service thread the gauge cannot be read while Code burns: give the heavy runs a moment instead.
    const result = await runHeavyLight(target, { lightCalls: 200, concurrency: 10, heavyStartedAfterMs: offThread ? undefined : 300 });
    return { ...result, aloneP50Ms: alone.p50Ms, aloneP99Ms: alone.p99Ms };
  } finally {
    agent.destroy();
    await service.stop();
  }
}
