import { createCustomData } from '../../../src/engine/custom-data';
import { emptyRunState } from '../../../src/engine/run-state';
import { customDataText, executionValues } from '../../../src/store/odoo/execution-mapping';
import type { ExecutionRecord } from '../../../src/store/types';

describe('execution custom data (n8n metadata rules)', () => {
  it('keeps string values under resultData.metadata, numbers as text, keys cut to 50 and values to 512 characters', () => {
    const state = emptyRunState();
    const data = createCustomData(state, 'manual');
    data.setAll({ customer: 'Ann', order: 7 });
    data.set('k'.repeat(60), 'v'.repeat(600));
    expect(state.resultData.metadata).toEqual({ customer: 'Ann', order: '7', ['k'.repeat(50)]: 'v'.repeat(512) });
    expect(data.get('customer')).toBe('Ann');
    expect(data.getAll()).toEqual(state.resultData.metadata);
  });

  it('drops new keys past 10 but still updates existing ones', () => {
    const state = emptyRunState();
    const data = createCustomData(state, 'manual');
    for (let index = 0; index < 12; index++) data.set(`key_${index}`, String(index));
    data.set('key_0', 'changed');
    expect(Object.keys(state.resultData.metadata ?? {})).toHaveLength(10);
    expect(state.resultData.metadata?.key_0).toBe('changed');
    expect(state.resultData.metadata?.key_11).toBeUndefined();
  });

  it('refuses bad keys and non-text values in manual runs with n8n messages, and skips them in production runs', () => {
    const manual = createCustomData(emptyRunState(), 'manual');
    expect(() => manual.set('bad-key', 'x')).toThrow('Custom data key can only contain letters, numbers, and underscores (key "bad-key")');
    expect(() => manual.set('flag', true)).toThrow('Custom data values must be a string (key "flag")');
    // setAll saves the valid pairs and then reports the first failure.
    const state = emptyRunState();
    expect(() => createCustomData(state, 'manual').setAll({ ok: 'y', 'bad key': 'x' })).toThrow('(key "bad key")');
    expect(state.resultData.metadata).toEqual({ ok: 'y' });
    const production = emptyRunState();
    createCustomData(production, 'production').setAll({ 'bad key': 'x', good: 'z' });
    expect(production.resultData.metadata).toEqual({ good: 'z' });
  });

  it('is written to Odoo as one JSON text, or false when there is none', () => {
    expect(customDataText({ customer: 'Ann', order: '7' })).toBe('{"customer":"Ann","order":"7"}');
    expect(customDataText({})).toBe(false);
    expect(customDataText(undefined)).toBe(false);
  });

  it('goes to Odoo as executions.custom_data when the run saved some', () => {
    const state = emptyRunState();
    const record: ExecutionRecord = {
      id: 'e1', canvasId: '3', workflowId: 'wf', mode: 'manual', status: 'success', finished: true,
      startedAt: new Date('2026-01-01T00:00:00Z'), stoppedAt: new Date('2026-01-01T00:00:01Z'),
      workflowData: { name: 'wf', nodes: [], connections: {} }, data: state, logs: [],
    };
    expect(executionValues(record, () => false)).not.toHaveProperty('custom_data');
    createCustomData(state, 'manual').set('customer', 'Ann');
    expect(executionValues(record, () => false).custom_data).toBe('{"customer":"Ann"}');
  });
});
