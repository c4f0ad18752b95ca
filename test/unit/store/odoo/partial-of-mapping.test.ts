import { EXECUTION_SUMMARY_SPEC, summaryFromRow, type ExecutionRow } from '../../../../src/store/odoo/execution-mapping';

const row: ExecutionRow = {
  id: 7,
  execution_id: '0192-second',
  canvas_id: { id: 3, workflow_id: 'wf-3' },
  mode: 'manual',
  status: 'success',
  finished: true,
  started_at: '2026-12-07 12:00:00',
  stopped_at: '2026-12-07 12:00:01',
  wait_till: false,
  resume_url: false,
  error_message: false,
  request_id: false,
  retry_of: false,
  retry_success_id: false,
  parent_execution_id: false,
  partial_of: { id: 6, execution_id: '0192-first' },
};

describe("Odoo's partial_of read back", () => {
  it('is asked for in every summary read', () => {
    expect(EXECUTION_SUMMARY_SPEC.partial_of).toEqual({ fields: { execution_id: {} } });
  });

  it("becomes the summary's partialOf (the first execution's id), and is left out when empty", () => {
    expect(summaryFromRow(row).partialOf).toBe('0192-first');
    expect('partialOf' in summaryFromRow({ ...row, partial_of: false })).toBe(false);
  });
});
