import ivm from 'isolated-vm';
import { SandboxMemoryError, SandboxTimeoutError } from './errors';

/** A function compiled into the current isolate (see compileFunction). */
export interface SandboxFunction {
  readonly generation: number;
  readonly ref: ivm.Reference;
}

/**
 * What a call into the isolate may carry: primitives (structured data travels as JSON text)
 * and functions compiled into the same isolate.
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

export interface IsolateHostOptions<Entry extends string> {
  /** Memory limit of the isolate, in MB (isolated-vm's minimum is 8). */
  memoryMb: number;
  /** Source of a script that evaluates to an init function; built lazily, once per process. */
  buildSource: () => string;
  /** Host functions handed to the init function as its arguments, in order. */
  callbacks: ReadonlyArray<(...args: never[]) => unknown>;
  /** Names of the functions on the object init returns. */
  entries: readonly Entry[];
  /** Called after a disposed isolate was replaced (everything cached inside it is gone). */
  onRecreate?: () => void;
}

interface Realm<Entry extends string> {
  isolate: ivm.Isolate;
  context: ivm.Context;
  entries: Map<Entry, ivm.Reference>;
}

const TIMEOUT_MESSAGE = 'Script execution timed out.';

/**
 * One isolate with one long-lived context, created on first use and reused by every call:
 * a new isolate costs ~5 ms and a context ~1 ms, a call ~5 us. The init script is expected to
 * freeze the realm so calls cannot influence each other. When a call exhausts the memory
 * limit the isolate is disposed: that call fails with SandboxMemoryError, the next call
 * builds a fresh isolate.
 */
export class IsolateHost<Entry extends string> {
  private realm: Realm<Entry> | undefined;
  private source: string | undefined;
  private disposed = false;
  private generationCount = 0;
  /** Rejecters of promise calls still running in the current isolate. */
  private readonly pending = new Set<(error: Error) => void>();

  constructor(private readonly options: IsolateHostOptions<Entry>) {}

  /** Increases each time an isolate is created (1 for the first). */
  get generation(): number {
    return this.generationCount;
  }

  /**
   * Makes sure an isolate is ready (replacing a disposed one) and returns its generation:
   * callers that keep per-isolate state check it before preparing a call.
   */
  prepare(): number {
    this.ready();
    return this.generationCount;
  }

  /**
   * Compiles `source` (an expression evaluating to a function) as its own script named
   * `filename`, so stack traces name that file as Node's vm does. Throws SandboxCompileError.
   */
  compileFunction(source: string, filename: string): SandboxFunction {
    const realm = this.ready();
    let script: ivm.Script;
    try {
      script = realm.isolate.compileScriptSync(source, { filename });
    } catch (error) {
      const e = error as { name?: unknown; message?: unknown };
      const message = typeof e.message === 'string' ? e.message.replace(/ \[[^\]]*:\d+:\d+\]$/, '') : String(error);
      throw new SandboxCompileError(typeof e.name === 'string' ? e.name : 'SyntaxError', message);
    }
    const ref = script.runSync(realm.context, { reference: true }) as ivm.Reference;
    return { generation: this.generationCount, ref };
  }

  /** Runs an entry synchronously and returns its (primitive) result. */
  callSync(entry: Entry, args: SandboxArg[], timeoutMs: number): unknown {
    const ref = this.entry(entry);
    try {
      return ref.applySync(undefined, this.transfer(args), { timeout: timeoutMs });
    } catch (error) {
      throw this.classify(error, timeoutMs);
    }
  }

  /**
   * Runs an entry returning a promise. The synchronous part (and every microtask it queues)
   * is bounded by `timeoutMs`; the promise settles when the isolate's promise does, or
   * rejects if the isolate is disposed meanwhile or `signal` aborts.
   */
  callPromise(entry: Entry, args: SandboxArg[], timeoutMs: number, signal?: AbortSignal): Promise<unknown> {
    const ref = this.entry(entry);
    let result: unknown;
    try {
      result = ref.applySync(undefined, this.transfer(args), { timeout: timeoutMs, result: { promise: true } });
    } catch (error) {
      return Promise.reject(this.classify(error, timeoutMs));
    }
    return new Promise<unknown>((resolve, reject) => {
      const rejecter = (error: Error): void => reject(error);
      this.pending.add(rejecter);
      // A caller that gave up (deadline passed) stops waiting; the isolate may never settle.
      signal?.addEventListener(
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
    this.disposed = true;
    this.failPending(new Error('The sandbox was shut down'));
    if (this.realm && !this.realm.isolate.isDisposed) this.realm.isolate.dispose();
    this.realm = undefined;
  }

  private transfer(args: SandboxArg[]): unknown[] {
    return args.map((arg) => {
      if (arg === null || typeof arg !== 'object') return arg;
      if (arg.generation !== this.generationCount) throw new Error('A sandbox function outlived its isolate');
      return arg.ref.derefInto();
    });
  }

  private entry(name: Entry): ivm.Reference {
    const ref = this.ready().entries.get(name);
    if (!ref) throw new Error(`Sandbox runtime has no entry point "${name}"`);
    return ref;
  }

  private ready(): Realm<Entry> {
    if (this.disposed) throw new Error('The sandbox was shut down');
    if (this.realm && !this.realm.isolate.isDisposed) return this.realm;
    const recreated = this.realm !== undefined;
    this.realm = this.create();
    this.generationCount += 1;
    if (recreated) this.options.onRecreate?.();
    return this.realm;
  }

  private create(): Realm<Entry> {
    const isolate = new ivm.Isolate({ memoryLimit: Math.max(8, this.options.memoryMb) });
    try {
      const context = isolate.createContextSync();
      this.source ??= this.options.buildSource();
      const script = isolate.compileScriptSync(this.source, { filename: 'sandbox-runtime.js' });
      const init = script.runSync(context, { reference: true }) as ivm.Reference;
      const callbacks = this.options.callbacks.map((fn) => new ivm.Callback(fn));
      const api = init.applySync(undefined, callbacks, { result: { reference: true } }) as ivm.Reference;
      const entries = new Map<Entry, ivm.Reference>();
      for (const name of this.options.entries) {
        entries.set(name, api.getSync(name, { reference: true }) as ivm.Reference);
      }
      return { isolate, context, entries };
    } catch (error) {
      isolate.dispose();
      throw error;
    }
  }

  private classify(error: unknown, timeoutMs: number): Error {
    if (this.realm?.isolate.isDisposed) {
      const memoryError = new SandboxMemoryError(this.options.memoryMb);
      this.failPending(memoryError);
      return memoryError;
    }
    // isolated-vm's errors may come from another realm (jest's, for one): compare messages, not classes.
    const message = (error as { message?: unknown } | null)?.message;
    if (message === TIMEOUT_MESSAGE) return new SandboxTimeoutError(timeoutMs);
    return typeof message === 'string' ? (error as Error) : new Error(String(error));
  }

  private failPending(error: Error): void {
    const rejecters = [...this.pending];
    this.pending.clear();
    for (const reject of rejecters) reject(error);
  }
}
