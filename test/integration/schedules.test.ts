import { FakeClock } from './helpers/fake-clock';
import { AUTH, startTestService } from './helpers/test-service';
import { SCHEDULE, SET, chain, set } from './helpers/workflows';

/** The seed's phase 6 workflow: every 5 minutes (its short rule form), in the Brussels zone. */
const heartbeat = chain('heartbeat', [['Schedule', SCHEDULE, { rule: { interval: [{ field: 'minutes', minutesInterval: 5 }] } }], ['Beat', SET, set({ beat: '={{ $json.Minute }}' })]], {
  timezone: 'Europe/Brussels',
});

describe('schedules over HTTP with a fake clock', () => {
  it('fires from timers, answers ticks without doubles, and catches up once after a restart', async () => {
    const clock = new FakeClock('2024-03-01T09:01:00Z');
    const service = await startTestService({ workflows: [heartbeat], clock });
    const runs = async () => {
      await service.built.service.drain(2000);
      const list = await service.http.get('/canvas/heartbeat/executions?limit=50').set(AUTH);
      return list.body.data.map((row: { mode: string; status: string }) => `${row.mode}/${row.status}`);
    };
    const beats = async () => {
      const list = await service.http.get('/canvas/heartbeat/executions?limit=50').set(AUTH);
      const values: string[] = [];
      for (const row of list.body.data) {
        const run = (await service.http.get(`/executions/${row.id}`).set(AUTH)).body.data;
        values.push(run.data.resultData.runData.Beat[0].data.main[0][0].json.beat);
      }
      return values.reverse();
    };
    try {
      const activated = await service.http.post('/canvas/heartbeat/activate').set(AUTH).send({});
      expect(activated.body.data.activatedAt).toBe('2024-03-01T09:01:00.000Z');
      expect((await service.http.post('/schedules/tick').set(AUTH).send({})).body).toEqual({ success: true, data: { fired: [] } });

      await clock.advance(4 * 60_000);
      expect(await runs()).toEqual(['production/success']);
      // The timer ran 10:05 Brussels time; a tick a few seconds later finds nothing left to do.
      clock.jumpTo('2024-03-01T09:05:20Z');
      expect((await service.http.post('/schedules/tick').set(AUTH).send({})).body.data.fired).toEqual([]);

      // Odoo's tick comes before the timer for 09:10: it runs the slot, the timer does not again.
      clock.jumpTo('2024-03-01T09:10:01Z');
      const tick = await service.http.post('/schedules/tick').set(AUTH).send({});
      expect(tick.body.data.fired).toEqual([{ canvasId: 'heartbeat', workflowId: 'heartbeat', node: 'Schedule', rule: 0, slot: '2024-03-01T09:10:00.000Z', executionId: expect.any(String) }]);
      await clock.advance(60_000);
      expect(await runs()).toEqual(['production/success', 'production/success']);
      expect(await beats()).toEqual(['05', '10']);

      // Down from 09:11 to 10:33: one catch-up run, for the 10:30 slot, then on schedule again.
      await service.close();
      clock.jumpTo('2024-03-01T10:33:00Z');
      const restarted = await startTestService({ dir: service.dir, clock });
      try {
        await restarted.built.service.drain(2000);
        const list = async () => (await restarted.http.get('/canvas/heartbeat/executions?limit=50').set(AUTH)).body.total;
        expect(await list()).toBe(3);
        expect((await restarted.http.post('/schedules/tick').set(AUTH).send({})).body.data.fired).toEqual([]);
        await clock.advance(2 * 60_000);
        await restarted.built.service.drain(2000);
        expect(await list()).toBe(4);
        const latest = (await restarted.http.get('/canvas/heartbeat/executions?limit=2').set(AUTH)).body.data;
        const slots = [];
        for (const row of latest) {
          const run = (await restarted.http.get(`/executions/${row.id}`).set(AUTH)).body.data;
          slots.push(run.data.resultData.runData.Schedule[0].data.main[0][0].json.timestamp);
        }
        expect(slots).toEqual(['2024-03-01T11:35:00.000+01:00', '2024-03-01T11:30:00.000+01:00']);
      } finally {
        await restarted.close();
      }
    } finally {
      await service.close();
      service.cleanup();
    }
  });

  it('stops firing after deactivation', async () => {
    const clock = new FakeClock('2024-03-01T09:01:00Z');
    const service = await startTestService({ workflows: [heartbeat], clock });
    try {
      await service.http.post('/canvas/heartbeat/activate').set(AUTH).send({});
      await service.http.post('/canvas/heartbeat/deactivate').set(AUTH).send({});
      await clock.advance(20 * 60_000);
      expect((await service.http.post('/schedules/tick').set(AUTH).send({})).body.data.fired).toEqual([]);
      expect((await service.http.get('/canvas/heartbeat/executions').set(AUTH)).body.total).toBe(0);
    } finally {
      await service.close();
      service.cleanup();
    }
  });
});
