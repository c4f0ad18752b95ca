import { SandboxCompileError, SandboxRealm, type RealmOptions } from '../../../src/sandbox/isolate-realm';
import { IsolatePool } from '../../../src/sandbox/isolate-pool';
import { SandboxMemoryError, SandboxTimeoutError } from '../../../src/sandbox/errors';

type Entry = 'echo' | 'spin' | 'grow' | 'never' | 'call' | 'spinAsync';

const SOURCE = `(function (shout) {
  'use strict';
  return {
    echo: function (text) { return shout(text) + '!'; },
    spin: function () { while (true) {} },
    spinAsync: async function () { await null; while (true) {} },
    grow: function () { var chunks = []; while (true) chunks.push(new Array(100000).fill(1)); },
    never: function () { return new Promise(function () {}); },
    call: function (fn, arg) { return fn(arg); },
  };
})`;

const OPTIONS: RealmOptions<Entry> = {
  memoryMb: 16,
  source: () => SOURCE,
  callbacks: [(text: string) => text.toUpperCase()],
  entries: ['echo', 'spin', 'grow', 'never', 'call', 'spinAsync'],
};

/** Resolves once the service thread has run a timer `count` times (it is free meanwhile). */
function ticks(count: number): Promise<number> {
  return new Promise((resolve) => {
    let seen = 0;
    const timer = setInterval(() => {
      seen += 1;
      if (seen === count) {
        clearInterval(timer);
        resolve(seen);
      }
    }, 5);
  });
}

describe('SandboxRealm', () => {
  it('calls back into the host on the service thread and off it', async () => {
    const realm = SandboxRealm.createSync(OPTIONS);
    try {
      expect(realm.callSync('echo', ['hi'], 1000)).toBe('HI!');
      await expect(realm.call('echo', ['there'], 1000)).resolves.toBe('THERE!');
    } finally {
      realm.dispose();
    }
  });

  it('fails a call that runs too long, and keeps the isolate', async () => {
    const realm = await SandboxRealm.create(OPTIONS);
    try {
      expect(() => realm.callSync('spin', [], 50)).toThrow(SandboxTimeoutError);
      await expect(realm.call('spin', [], 50)).rejects.toThrow('Sandbox call timed out after 50 ms');
      await expect(realm.callPromise('spinAsync', [], 50, { offThread: true })).rejects.toThrow('Sandbox call timed out after 50 ms');
      await expect(realm.call('echo', ['ok'], 1000)).resolves.toBe('OK!');
    } finally {
      realm.dispose();
    }
  });

  it('keeps the service thread free while a call spins off it, and stops the call at its limit', async () => {
    const realm = await SandboxRealm.create(OPTIONS);
    try {
      const spinning = realm.call('spin', [], 1500);
      spinning.catch(() => undefined);
      let settled = false;
      void spinning.finally(() => {
        settled = true;
      }).catch(() => undefined);
      // Timers fire while the isolate spins on its own thread.
      await ticks(5);
      expect(settled).toBe(false);
      await expect(spinning).rejects.toBeInstanceOf(SandboxTimeoutError);
      await expect(realm.call('echo', ['after'], 1000)).resolves.toBe('AFTER!');
    } finally {
      realm.dispose();
    }
  });

  it('reports a memory-limit failure and fails pending promises with it', async () => {
    const realm = await SandboxRealm.create(OPTIONS);
    const pending = realm.callPromise('never', [], 1000, { offThread: true }).catch((error: unknown) => error);
    await expect(realm.call('grow', [], 10_000)).rejects.toBeInstanceOf(SandboxMemoryError);
    const failure = await pending;
    expect(failure).toBeInstanceOf(SandboxMemoryError);
    expect((failure as Error).message).toBe('Sandbox isolate exceeded its memory limit of 16 MB');
    expect(realm.disposed).toBe(true);
  });

  it('compiles functions into the isolate and reports syntax errors without location noise', () => {
    const realm = SandboxRealm.createSync(OPTIONS);
    const other = SandboxRealm.createSync(OPTIONS);
    try {
      const double = realm.compileFunction('(function (x) { return x * 2; })', 'test.js');
      expect(realm.callSync('call', [double, 21], 1000)).toBe(42);
      expect(() => other.callSync('call', [double, 21], 1000)).toThrow('A sandbox function was handed to another isolate');
      let error: unknown;
      try {
        realm.compileFunction('(function () { const x = ; })', 'test.js');
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(SandboxCompileError);
      expect(error).toMatchObject({ errorName: 'SyntaxError', message: "Unexpected token ';'" });
    } finally {
      realm.dispose();
      other.dispose();
    }
  });

  it('stops waiting for a promise the caller abandons', async () => {
    const realm = SandboxRealm.createSync(OPTIONS);
    try {
      const abandon = new AbortController();
      const pending = realm.callPromise('never', [], 1000, { offThread: true, signal: abandon.signal });
      abandon.abort();
      await expect(pending).rejects.toThrow('The sandbox call was abandoned');
      expect(realm.callSync('echo', ['still'], 1000)).toBe('STILL!');
    } finally {
      realm.dispose();
    }
  });

  it('refuses calls once disposed', () => {
    const realm = SandboxRealm.createSync(OPTIONS);
    realm.callSync('echo', ['x'], 1000);
    realm.dispose();
    expect(() => realm.callSync('echo', ['x'], 1000)).toThrow('The sandbox was shut down');
  });
});

describe('IsolatePool', () => {
  it('leases each realm to one call at a time and queues callers beyond its size', async () => {
    const pool = new IsolatePool<Entry>({ ...OPTIONS, maxSize: 2 });
    try {
      const first = await pool.acquire();
      const second = await pool.acquire();
      expect(first.id).not.toBe(second.id);
      expect(pool.busy).toBe(2);
      const third = pool.acquire();
      expect(pool.waiting).toBe(1);
      pool.release(second);
      await expect(third).resolves.toBe(second);
      expect(pool.waiting).toBe(0);
      pool.release(first);
      pool.release(second);
      expect(pool.busy).toBe(0);
      // The most recently used realm comes back first (its caches are warm).
      await expect(pool.acquire()).resolves.toBe(second);
    } finally {
      pool.dispose();
    }
  });

  it('callers arriving while warm-up builds realms wait for those rather than building more', async () => {
    const pool = new IsolatePool<Entry>({ ...OPTIONS, maxSize: 4 });
    try {
      const warming = pool.warm(2);
      // Not awaited, as at start-up: two calls come in while the two realms are being built.
      const calls = [pool.acquire(), pool.acquire()];
      expect(pool.waiting).toBe(2);
      const [first, second] = await Promise.all(calls);
      await warming;
      expect(first.id).not.toBe(second.id);
      pool.release(first);
      pool.release(second);
      // Only the two warmed realms exist: a third call gets one of them back.
      await expect(pool.acquire()).resolves.toBe(second);
      // The next lease takes the other warmed realm: no third isolate was built.
      const third = await pool.acquire();
      expect([first.id, second.id]).toContain(third.id);
    } finally {
      pool.dispose();
    }
  });

  it('replaces a realm that hit its memory limit', async () => {
    const pool = new IsolatePool<Entry>({ ...OPTIONS, maxSize: 1 });
    try {
      const realm = await pool.acquire();
      const waiting = pool.acquire();
      await expect(realm.call('grow', [], 10_000)).rejects.toBeInstanceOf(SandboxMemoryError);
      pool.release(realm);
      const fresh = await waiting;
      expect(fresh.id).not.toBe(realm.id);
      await expect(fresh.call('echo', ['new'], 1000)).resolves.toBe('NEW!');
      pool.release(fresh);
    } finally {
      pool.dispose();
    }
  });

  it('keeps one realm for synchronous calls apart from the leased ones', async () => {
    const pool = new IsolatePool<Entry>({ ...OPTIONS, maxSize: 1 });
    try {
      const leased = await pool.acquire();
      const spinning = leased.call('spin', [], 300);
      spinning.catch(() => undefined);
      expect(pool.serviceThread().callSync('echo', ['sync'], 1000)).toBe('SYNC!');
      await expect(spinning).rejects.toBeInstanceOf(SandboxTimeoutError);
      pool.release(leased);
    } finally {
      pool.dispose();
    }
    await expect(pool.acquire()).rejects.toThrow('The sandbox was shut down');
  });
});

describe('IsolatePool shutdown', () => {
  it('stops calls still running in leased realms', async () => {
    const pool = new IsolatePool<Entry>({ ...OPTIONS, maxSize: 2 });
    const realm = await pool.acquire();
    const waiting = realm.callPromise('never', [], 60_000, { offThread: true }).catch((error: unknown) => error);
    const spinning = realm.call('spin', [], 60_000).catch((error: unknown) => error);
    pool.dispose();
    expect(await waiting).toMatchObject({ message: 'The sandbox was shut down' });
    expect(await spinning).toMatchObject({ message: 'The sandbox was shut down' });
    expect(realm.disposed).toBe(true);
    pool.release(realm);
  });
});
