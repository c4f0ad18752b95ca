import { Writable } from 'node:stream';
import { childLogger, createLogger, type LogLevel } from '../../../src/logging';

/** A logger writing into an array of parsed JSON lines. */
function capturedLogger(level: LogLevel) {
  const lines: Array<Record<string, unknown>> = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(JSON.parse(chunk.toString('utf8')) as Record<string, unknown>);
      callback();
    },
  });
  return { logger: createLogger(level, { stream }), lines };
}

describe('createLogger', () => {
  it('sends every level to stderr by default, keeping stdout for the CLI', () => {
    const logger = createLogger('debug');
    expect(logger.level).toBe('debug');
    expect(logger.transports).toHaveLength(1);
    const transport = logger.transports[0] as unknown as { name: string; stderrLevels: Record<string, boolean> };
    expect(transport.name).toBe('console');
    expect(transport.stderrLevels).toEqual({ error: true, warn: true, info: true, http: true, verbose: true, debug: true });
  });

  it('writes one JSON object per entry with level, message, timestamp and metadata', () => {
    const { logger, lines } = capturedLogger('info');
    logger.info('workflow activated', { canvasId: '7' });
    expect(lines).toHaveLength(1);
    const { timestamp, ...rest } = lines[0];
    expect(rest).toEqual({ level: 'info', message: 'workflow activated', canvasId: '7' });
    expect(timestamp).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
  });

  it('drops entries below its level', () => {
    const { logger, lines } = capturedLogger('warn');
    logger.info('hidden');
    logger.debug('hidden too');
    logger.warn('shown');
    logger.error('shown too');
    expect(lines.map((line) => line.message)).toEqual(['shown', 'shown too']);
  });

  it('masks secrets in metadata and in the message', () => {
    const { logger, lines } = capturedLogger('debug');
    const headers = { Authorization: 'Bearer abc.def', 'content-type': 'application/json' };
    logger.debug('calling http://admin:hunter2@odoo:8069 with Bearer abc.def', { password: 'hunter2', request: { headers } });
    const { timestamp: _timestamp, ...rest } = lines[0];
    expect(rest).toEqual({
      level: 'debug',
      message: 'calling http://admin:[REDACTED]@odoo:8069 with Bearer [REDACTED]',
      password: '[REDACTED]',
      request: { headers: { Authorization: '[REDACTED]', 'content-type': 'application/json' } },
    });
    expect(headers.Authorization).toBe('Bearer abc.def');
  });

  it('serialises an Error given as metadata', () => {
    const { logger, lines } = capturedLogger('info');
    const error = Object.assign(new Error('Odoo refused: api_key=xyz'), { code: 'E1' });
    logger.error('write failed', { error });
    const logged = lines[0].error as Record<string, unknown>;
    expect(logged.name).toBe('Error');
    expect(logged.message).toBe('Odoo refused: api_key=[REDACTED]');
    expect(logged.code).toBe('E1');
    expect(String(logged.stack)).toContain('Error: Odoo refused');
  });
});

describe('childLogger', () => {
  it('stamps execution, workflow and node on every line, leaving out what is absent', () => {
    const { logger, lines } = capturedLogger('info');
    const execution = childLogger(logger, { executionId: '0190-abc', workflowId: 'wf-1' });
    const node = childLogger(execution, { node: 'HTTP Request' });
    execution.info('started');
    node.warn('retrying', { attempt: 2 });
    const withoutTime = lines.map(({ timestamp: _timestamp, ...rest }) => rest);
    expect(withoutTime).toEqual([
      { level: 'info', message: 'started', executionId: '0190-abc', workflowId: 'wf-1' },
      { level: 'warn', message: 'retrying', executionId: '0190-abc', workflowId: 'wf-1', node: 'HTTP Request', attempt: 2 },
    ]);
  });

  it('masks secrets a child logger carries', () => {
    const { logger, lines } = capturedLogger('info');
    logger.child({ token: 't0k3n' }).info('x');
    expect(lines[0].token).toBe('[REDACTED]');
  });
});
