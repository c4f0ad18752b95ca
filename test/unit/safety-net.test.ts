import { describeThrown, installSafetyNet, isFatal } from '../../src/safety-net';

/** Node's typings only allow emitting uncaughtException with an Error and its origin. */
const throwUncaught = (error: Error) => (process.emit as (event: string, ...args: unknown[]) => boolean)('uncaughtException', error, 'uncaughtException');

describe('process safety net', () => {
  const logged: Array<[string, Record<string, unknown>]> = [];
  const fatal: unknown[] = [];
  let now = 0;
  let remove: () => void = () => undefined;
  beforeEach(() => {
    logged.length = 0;
    fatal.length = 0;
    now = 0;
    remove = installSafetyNet({ logger: { error: (message, fields) => logged.push([message, fields ?? {}]) }, onFatal: (error) => fatal.push(error), maxExceptions: 3, windowMs: 1000, now: () => now });
  });
  afterEach(() => remove());

  it('logs an unhandled rejection with what the error carries and keeps serving', () => {
    const error = Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL', executionId: 'e1' });
    process.emit('unhandledRejection', error, Promise.resolve());
    expect(logged).toEqual([
      ['unhandled promise rejection; the service keeps serving', expect.objectContaining({ error: 'database or disk is full', code: 'SQLITE_FULL', executionId: 'e1', errorName: 'Error', origin: 'unhandledRejection' })],
    ]);
    expect(fatal).toEqual([]);
  });

  it('survives an ordinary uncaught exception but not a fatal one', () => {
    throwUncaught(new TypeError('x is not a function'));
    expect(fatal).toEqual([]);
    expect(logged[0]?.[0]).toBe('uncaught exception; the service keeps serving');
    const lostPort = Object.assign(new Error('listen EADDRINUSE'), { code: 'EADDRINUSE', syscall: 'listen' });
    throwUncaught(lostPort);
    expect(fatal).toEqual([lostPort]);
    expect(logged[1]?.[0]).toBe('fatal uncaught exception; shutting down');
  });

  it('treats a burst of uncaught exceptions as fatal (a loop failing for ever)', () => {
    for (let index = 0; index < 3; index += 1) throwUncaught(new Error(`boom ${index}`));
    expect(fatal).toEqual([]);
    now = 2000;
    for (let index = 0; index < 3; index += 1) throwUncaught(new Error(`later ${index}`));
    expect(fatal).toEqual([]);
    throwUncaught(new Error('one too many'));
    expect(fatal).toHaveLength(1);
  });

  it('describes non-errors and classifies codes', () => {
    expect(describeThrown('plain')).toEqual({ error: 'plain', thrownType: 'string' });
    expect(isFatal(Object.assign(new Error('x'), { code: 'EACCES', syscall: 'listen' }))).toBe(true);
    expect(isFatal(Object.assign(new Error('x'), { code: 'EACCES', syscall: 'open' }))).toBe(false);
    expect(isFatal(Object.assign(new Error('x'), { code: 'SQLITE_FULL' }))).toBe(false);
  });
});
