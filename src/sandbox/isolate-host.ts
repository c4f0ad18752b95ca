import ivm from 'isolated-vm';
import { SandboxMemoryError, SandboxTimeoutError } from './errors';

/** What a call into the isolate may carry: primitives only; structured data travels as JSON text. */
export type SandboxArg = string | number | boolean | null | undefined;

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

  /** Runs an entry synchronously and returns its (primitive) result. */
  callSync(entry: Entry, args: SandboxArg[], timeoutMs: number): unknown {
    const ref = this.entry(entry);
    try {
      return ref.applySync(undefined, args, { timeout: timeoutMs });
    } catch (error) {
      throw this.classify(error, timeoutMs);
    }
  }

  /**
   * Runs an entry returning a promise. The synchronous part (and every microtask it queues)
   * is bounded by `timeoutMs`; the promise settles when the isolate's promise does, or
   * rejects if the isolate is disposed meanwhile.
   */
  callPromise(entry: Entry, args: SandboxArg[], timeoutMs: number): Promise<unknown> {
    const ref = this.entry(entry);
    let result: unknown;
    try {
      result = ref.applySync(undefined, args, { timeout: timeoutMs, result: { promise: true } });
    } catch (error) {
      return Promise.reject(this.classify(error, timeoutMs));
    }
    return new Promise<unknown>((resolve, reject) => {
      const rejecter = (error: Error): void => reject(error);
      this.pending.add(rejecter);
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
    if (error instanceof Error && error.message === TIMEOUT_MESSAGE) return new SandboxTimeoutError(timeoutMs);
    return error instanceof Error ? error : new Error(String(error));
  }

  private failPending(error: Error): void {
    const rejecters = [...this.pending];
    this.pending.clear();
    for (const reject of rejecters) reject(error);
  }
}
