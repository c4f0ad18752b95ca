import http from 'node:http';
import { call, startBenchService } from './bench-service';
import { LIGHT_WORKFLOW, heavyWorkflow, runHeavyLight, type HeavyLightResult } from './heavy-light';

/** The heavy-beside-light scenario against the service in its own process, user code off its thread or on it. */
export async function runHeavyLightBench(offThread: boolean): Promise<HeavyLightResult> {
  const service = await startBenchService(
    [heavyWorkflow(3000), LIGHT_WORKFLOW].map((workflow) => ({ file: `${workflow.id}.json`, json: JSON.stringify(workflow) })),
    { env: { CODE_OFF_THREAD: String(offThread), CODE_TIMEOUT_MS: '60000', CODE_CONCURRENCY: '2' } },
  );
  const agent = new http.Agent({ keepAlive: false });
  try {
    const activated = await call(agent, service.port, 'POST', `/canvas/${LIGHT_WORKFLOW.id}/activate`, '{}', { authorization: `Bearer ${service.apiKey}` });
    if (activated.status !== 200) throw new Error(`bench: activation failed: ${activated.body}`);
    // On the service thread the gauge cannot be read while Code burns: give the heavy runs a moment instead.
    return await runHeavyLight({ port: service.port, apiKey: service.apiKey }, { lightCalls: 200, concurrency: 10, heavyStartedAfterMs: offThread ? undefined : 300 });
  } finally {
    agent.destroy();
    await service.stop();
  }
}
