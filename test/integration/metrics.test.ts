import { AUTH, startTestService } from './helpers/test-service';
import { MANUAL, NOOP, chain } from './helpers/workflows';

describe('GET /metrics', () => {
  it('counts executions by status and mode, times them, and times store calls', async () => {
    const service = await startTestService({
      workflows: [chain('ok', [['Start', MANUAL], ['Done', NOOP]]), chain('bad', [['Start', MANUAL], ['Flaky', 'test.flaky']])],
    });
    try {
      await service.http.post('/canvas/ok/execute').set(AUTH).send({});
      await service.http.post('/canvas/ok/execute').set(AUTH).send({});
      await service.http.post('/canvas/bad/execute').set(AUTH).send({});
      const { text } = await service.http.get('/metrics').set(AUTH);
      expect(text).toContain('automator_executions_total{status="success",mode="manual"} 2');
      expect(text).toContain('automator_executions_total{status="error",mode="manual"} 1');
      expect(text).toContain('automator_execution_duration_seconds_count{status="success",mode="manual"} 2');
      expect(text).toContain('automator_store_operation_duration_seconds_count{store="sqlite",operation="save"} 3');
      expect(text).toContain('automator_http_requests_total{method="POST",route="canvas",status="200"} 3');
      expect(text).toContain('automator_executions_running 0');
      expect(text).toContain('automator_code_calls{state="running"} 0');
      expect(text).toContain('automator_code_calls{state="queued"} 0');
    } finally {
      await service.close();
      service.cleanup();
    }
  });
});
