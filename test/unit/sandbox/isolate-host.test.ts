import { IsolateHost, SandboxCompileError } from '../../../src/sandbox/isolate-host';
import { SandboxMemoryError, SandboxTimeoutError } from '../../../src/sandbox/errors';

type Entry = 'echo' | 'spin' | 'grow' | 'never' | 'call';

const SOURCE = `(function (shout) {
  'use strict';
  return {
    echo: function (text) { return shout(text) + '!'; },
    spin: function () { while (true) {} },
    grow: function () { var chunks = []; while (true) chunks.push(new Array(100000).fill(1)); },
    never: function () { return new Promise(function () {}); },
    call: function (fn, arg) { return fn(arg); },
  };
})`;

function makeHost(onRecreate?: () => void): IsolateHost<Entry> {
  return new IsolateHost<Entry>({
    memoryMb: 16,
    buildSource: () => SOURCE,
    callbacks: [(text: string) => text.toUpperCase()],
    entries: ['echo', 'spin', 'grow', 'never', 'call'],
    onRecreate,
  });
}

describe('IsolateHost', () => {
  it('creates its isolate on first use and calls back into the host', () => {
    const host = makeHost();
    try {
      expect(host.generation).toBe(0);
      expect(host.callSync('echo', ['hi'], 1000)).toBe('HI!');
      expect(host.generation).toBe(1);
    } finally {
      host.dispose();
    }
  });

  it('fails a call that runs too long, and keeps the isolate', () => {
    const host = makeHost();
    try {
      expect(() => host.callSync('spin', [], 50)).toThrow(SandboxTimeoutError);
      expect(() => host.callSync('spin', [], 50)).toThrow('Sandbox call timed out after 50 ms');
      expect(host.callSync('echo', ['ok'], 1000)).toBe('OK!');
      expect(host.generation).toBe(1);
    } finally {
      host.dispose();
    }
  });

  it('replaces an isolate that hit its memory limit, failing only the offending call and pending promises', async () => {
    let recreated = 0;
    const host = makeHost(() => {
      recreated += 1;
    });
    try {
      const pending = host.callPromise('never', [], 1000);
      expect(() => host.callSync('grow', [], 10_000)).toThrow(SandboxMemoryError);
      await expect(pending).rejects.toThrow('Sandbox isolate exceeded its memory limit of 16 MB');
      expect(host.callSync('echo', ['again'], 1000)).toBe('AGAIN!');
      expect(host.generation).toBe(2);
      expect(recreated).toBe(1);
    } finally {
      host.dispose();
    }
  });

  it('compiles functions into the isolate and reports syntax errors without location noise', () => {
    const host = makeHost();
    try {
      const double = host.compileFunction('(function (x) { return x * 2; })', 'test.js');
      expect(host.callSync('call', [double, 21], 1000)).toBe(42);
      let error: unknown;
      try {
        host.compileFunction('(function () { const x = ; })', 'test.js');
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(SandboxCompileError);
      expect(error).toMatchObject({ errorName: 'SyntaxError', message: "Unexpected token ';'" });
    } finally {
      host.dispose();
    }
  });

  it('stops waiting for a promise the caller abandons', async () => {
    const host = makeHost();
    try {
      const abandon = new AbortController();
      const pending = host.callPromise('never', [], 1000, abandon.signal);
      abandon.abort();
      await expect(pending).rejects.toThrow('The sandbox call was abandoned');
      expect(host.callSync('echo', ['still'], 1000)).toBe('STILL!');
    } finally {
      host.dispose();
    }
  });

  it('refuses calls once disposed', () => {
    const host = makeHost();
    host.callSync('echo', ['x'], 1000);
    host.dispose();
    expect(() => host.callSync('echo', ['x'], 1000)).toThrow('The sandbox was shut down');
  });
});
