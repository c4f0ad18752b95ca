import ivm from 'isolated-vm';
import { SandboxMemoryError, SandboxTimeoutError } from './errors';

/** A function compiled into one realm (see SandboxRealm.compileFunction). */
export interface SandboxFunction {
  readonly realmId: number;
  readonly ref: ivm.Reference;
}

/**
 * What a call into the isolate may carry: primitives (structured data travels as JSON text)
 * and functions compiled into the same realm.
 */
export type SandboxArg = string | number | boolean | null | undefined | SandboxFunction;

/** Code that does not compile: V8's error, without isolated-vm's location suffix. */
export class SandboxCompileError extends Error {
  constructor(
    readonly errorName: string,
    message: string,
  ) {
    super(message);
  }
}

export interface RealmOptions<Entry extends string> {
  /** Memory limit of the isolate, in MB (isolated-vm's minimum is 8). */
  memoryMb: number;
  /** Source of a script that evaluates to an init function (the same text for every realm). */
  source: () => string;
  /** Host functions handed to the init function as its arguments, in order. */
  callbacks: ReadonlyArray<(...args: never[]) => unknown>;
  /** Names of the functions on the object init returns. */
  entries: readonly Entry[];
}

const TIMEOUT_MESSAGE = 'Script execution timed out.';
const ABANDONED_MESSAGE = 'Promise was abandoned';
let realmCounter = 0;

function compileError(error: unknown): SandboxCompileError {
  const e = error as { name?: unknown; message?: unknown };
  const message = typeof e.message === 'string' ? e.message.replace(/ \[[^\]]*:\d+:\d+\]$/, '') : String(error);
  return new SandboxCompileError(typeof e.name === 'string' ? e.name : 'SyntaxError', message);
}

/**
 * One isolate with one long-lived context and the runtime's entry points. Calls run either
 * on the service thread (`callSync`: blocks it until done) or on isolated-vm's own thread
 * pool (`call`, `callPromise`: the service thread only waits for the answer). One isolate
 * runs one call at a time, so callers lease a realm for the length of an asynchronous call
 * (IsolatePool). When a call exhausts the memory limit, isolated-vm disposes the isolate:
 * that call and every promise still pending in it fail with SandboxMemoryError, and the
 * realm reports `disposed` so its owner replaces it.
 */
export class SandboxRealm<Entry extends string> {
  readonly id = ++realmCounter;
  /** Rejecters of promise calls still running in this isolate. */
  private readonly pending = new Set<(error: Error) => void>();
  private shutDown = false;

  private constructor(
    private readonly isolate: ivm.Isolate,
    private readonly context: ivm.Context,
    private readonly entries: Map<Entry, ivm.Reference>,
    private readonly memoryMb: number,
  ) {}

  /** Builds a realm on the calling thread (what a synchronous caller needs at once). */
  static createSync<Entry extends string>(options: RealmOptions<Entry>): SandboxRealm<Entry> {
    const isolate = new ivm.Isolate({ memoryLimit: Math.max(8, options.memoryMb) });
    try {
      const context = isolate.createContextSync();
      const init = isolate.compileScriptSync(options.source(), { filename: 'sandbox-runtime.js' }).runSync(context, { reference: true }) as ivm.Reference;
      const api = init.applySync(undefined, options.callbacks.map((fn) => new ivm.Callback(fn)), { result: { reference: true } }) as ivm.Reference;
      const entries = new Map<Entry, ivm.Reference>();
      for (const name of options.entries) entries.set(name, api.getSync(name, { reference: true }) as ivm.Reference);
      return new SandboxRealm(isolate, context, entries, options.memoryMb);
    } catch (error) {
      isolate.dispose();
      throw error;
    }
  }

  /** Builds a realm on isolated-vm's threads: compiling and hardening the runtime (~30 ms) never holds the service thread. */
  static async create<Entry extends string>(options: RealmOptions<Entry>): Promise<SandboxRealm<Entry>> {
    const isolate = new ivm.Isolate({ memoryLimit: Math.max(8, options.memoryMb) });
    try {
      const context = await isolate.createContext();
      const script = await isolate.compileScript(options.source(), { filename: 'sandbox-runtime.js' });
      const init = (await script.run(context, { reference: true })) as ivm.Reference;
      const api = (await init.apply(undefined, options.callbacks.map((fn) => new ivm.Callback(fn)), { result: { reference: true } })) as ivm.Reference;
      const entries = new Map<Entry, ivm.Reference>();
      for (const name of options.entries) entries.set(name, (await api.get(name, { reference: true })) as ivm.Reference);
      return new SandboxRealm(isolate, context, entries, options.memoryMb);
    } catch (error) {
      if (!isolate.isDisposed) isolate.dispose();
      throw error;
    }
  }

  get disposed(): boolean {
    return this.isolate.isDisposed;
  }

  /**
   * Compiles `source` (an expression evaluating to a function) as its own script named
   * `filename`, so stack traces name that file as Node's vm does. Throws SandboxCompileError.
   * Runs on the calling thread: parsing is bounded by the size of the code, never by what it does.
   */
  compileFunction(source: string, filename: string): SandboxFunction {
    let script: ivm.Script;
    try {
      script = this.isolate.compileScriptSync(source, { filename });
    } catch (error) {
      throw compileError(error);
    }
    const ref = script.runSync(this.context, { reference: true }) as ivm.Reference;
    return { realmId: this.id, ref };
  }

  /** Runs an entry on the calling thread and returns its (primitive) result. */
  callSync(entry: Entry, args: SandboxArg[], timeoutMs: number): unknown {
    const ref = this.entry(entry);
    try {
      return ref.applySync(undefined, this.transfer(args), { timeout: timeoutMs });
    } catch (error) {
      throw this.classify(error, timeoutMs);
    }
  }

  /** Runs an entry on isolated-vm's thread pool; the service thread stays free meanwhile. */
  async call(entry: Entry, args: SandboxArg[], timeoutMs: number): Promise<unknown> {
    const ref = this.entry(entry);
    try {
      return await ref.apply(undefined, this.transfer(args), { timeout: timeoutMs });
    } catch (error) {
      throw this.classify(error, timeoutMs);
    }
  }

  /**
   * Runs an entry returning a promise, on the isolate's thread (`offThread`) or on the
   * calling one. The synchronous part and the microtasks it queues are bounded by
   * `timeoutMs`; the result settles when the isolate's promise does, or rejects if the
   * isolate is disposed meanwhile or `signal` aborts.
   */
  callPromise(entry: Entry, args: SandboxArg[], timeoutMs: number, options: { offThread: boolean; signal?: AbortSignal }): Promise<unknown> {
    const ref = this.entry(entry);
    const callOptions = { timeout: timeoutMs, result: { promise: true } } as const;
    let result: unknown;
    try {
      result = options.offThread ? ref.apply(undefined, this.transfer(args), callOptions) : ref.applySync(undefined, this.transfer(args), callOptions);
    } catch (error) {
      return Promise.reject(this.classify(error, timeoutMs));
    }
    return new Promise<unknown>((resolve, reject) => {
      const rejecter = (error: Error): void => reject(error);
      this.pending.add(rejecter);
      // A caller that gave up (deadline passed) stops waiting; the isolate may never settle.
      options.signal?.addEventListener(
        'abort',
        () => {
          this.pending.delete(rejecter);
          reject(new Error('The sandbox call was abandoned'));
        },
        { once: true },
      );
      Promise.resolve(result).then(
        (value) => {
          this.pending.delete(rejecter);
          resolve(value);
        },
        (error: unknown) => {
          this.pending.delete(rejecter);
          reject(this.classify(error, timeoutMs));
        },
      );
    });
  }

  dispose(): void {
    this.shutDown = true;
    this.failPending(new Error('The sandbox was shut down'));
    if (!this.isolate.isDisposed) this.isolate.dispose();
  }

  private transfer(args: SandboxArg[]): unknown[] {
    return args.map((arg) => {
      if (arg === null || typeof arg !== 'object') return arg;
      if (arg.realmId !== this.id) throw new Error('A sandbox function was handed to another isolate');
      return arg.ref.derefInto();
    });
  }

  private entry(name: Entry): ivm.Reference {
    if (this.isolate.isDisposed) throw new Error('The sandbox was shut down');
    const ref = this.entries.get(name);
    if (!ref) throw new Error(`Sandbox runtime has no entry point "${name}"`);
    return ref;
  }

  private classify(error: unknown, timeoutMs: number): Error {
    if (this.shutDown) return new Error('The sandbox was shut down');
    if (this.isolate.isDisposed) {
      const memoryError = new SandboxMemoryError(this.memoryMb);
      this.failPending(memoryError);
      return memoryError;
    }
    // isolated-vm's errors may come from another realm (jest's, for one): compare messages, not classes.
    const message = (error as { message?: unknown } | null)?.message;
    if (message === TIMEOUT_MESSAGE) return new SandboxTimeoutError(timeoutMs);
    // A promise pending in an isolate that is being torn down by its memory limit can be told
    // before the isolate reports itself disposed: nothing else abandons it.
    if (message === ABANDONED_MESSAGE) return new SandboxMemoryError(this.memoryMb);
    return typeof message === 'string' ? (error as Error) : new Error(String(error));
  }

  private failPending(error: Error): void {
    const rejecters = [...this.pending];
    this.pending.clear();
    for (const reject of rejecters) reject(error);
  }
}
