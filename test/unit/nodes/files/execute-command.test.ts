import { filesHarness } from './run-workflow';

const EXEC = 'n8n-nodes-base.executeCommand';

describe('Execute Command', () => {
  it('is refused unless NODES_ALLOW_EXECUTE_COMMAND=true', async () => {
    const h = filesHarness();
    try {
      const run = await h.run([['Shell', EXEC, 1, { command: 'echo hi' }]]);
      expect(run.status).toBe('error');
      expect(run.data.resultData.runData.Shell[0].error).toMatchObject({ message: 'The Execute Command node is disabled on this service', node: { name: 'Shell' } });
    } finally {
      h.close();
    }
  });

  it('runs the command in FILES_DIR once (executeOnce default) or per item, as n8n reports it', async () => {
    const h = filesHarness({ allowExecuteCommand: true });
    try {
      const run = await h.run(
        [
          ['Once', EXEC, 1, { command: 'pwd; echo oops >&2' }],
          ['Each', EXEC, 1, { executeOnce: false, command: '=echo {{ $json.exitCode }}-{{ $itemIndex }}' }],
        ],
        [{ json: {} }, { json: {} }],
      );
      expect(h.output(run, 'Once')).toEqual([{ json: { exitCode: 0, stderr: 'oops', stdout: h.filesDir.replace(/^\/private/, '') }, pairedItem: { item: 0 } }]);
      expect(h.output(run, 'Each').map((item) => item.json)).toEqual([{ exitCode: 0, stderr: '', stdout: '0-0' }]);
      const failed = await h.run([['Fail', EXEC, 1, { command: 'echo broken >&2; exit 3' }]]);
      expect(failed.data.resultData.runData.Fail[0].error?.message).toBe('broken');
    } finally {
      h.close();
    }
  });
});
