import { availableParallelism } from 'node:os';
import type { RunExecutionData } from '../contracts/run-data';
import type { JsonObject, JsonValue } from '../workflow/json';
import type { CodeHostHelpers } from '../contracts/code';
import { CodeSlots } from '../sandbox/code-slots';
import { IsolatePool } from '../sandbox/isolate-pool';
import { SandboxCompileError, SandboxRealm, type SandboxFunction } from '../sandbox/isolate-realm';
import { SandboxTimeoutError } from '../sandbox/errors';
import type { ExecutionScope } from './types';
import { RUNTIME_ENTRIES, buildRuntimeSource, type RuntimeEntry } from './runtime';
import { sessionJson, taskJson, workflowEntry } from './host-data';
import { compileTemplate } from './template';
import { hashText } from './hash-text';
import { RealmNotes, type HostNotes } from './realm-notes';

export interface ConsoleMessage {
  executionId: string;
  nodeName: string;
  message: string;
}

export interface SandboxRuntimeOptions {
  timeoutMs: number;
  memoryMb: number;
  onConsole?: (entry: ConsoleMessage) => void;
  /**
   * Where user JavaScript runs: on isolated-vm's threads (true, the default), so that a
   * heavy Code node or expression never holds the service thread; or on the service thread
   * itself, as before (kept to measure the difference in `npm run bench`).
   */
  offThread?: boolean;
  /** Code-node calls running at once (CODE_CONCURRENCY); default: the machine's cores. */
  codeConcurrency?: number;
}

/** Mutable per-execution state user code may change (`$execution.customData`, static data). */
export interface SessionState {
  customData?: JsonObject;
  staticData?: JsonValue;
}

/**
 * The execution's custom data as user code left it: it replaces the run's metadata (n8n's
 * task runner hands `resultData.metadata` back the same way), so the Execution Data node, the
 * saved execution and the next sandbox call all see one custom data.
 */
function keepCustomData(runExecutionData: RunExecutionData, customData: JsonObject): void {
  const entries = Object.entries(customData).filter((entry): entry is [string, string] => typeof entry[1] === 'string');
  if (entries.length === 0 && runExecutionData.resultData.metadata === undefined) return;
  runExecutionData.resultData.metadata = Object.fromEntries(entries);
}

/** What the runtime keeps per open session. */
interface SessionRecord {
  scope: ExecutionScope;
  workflowKey: string;
  /** Session description for the isolate, computed once. */
  infoJson: string;
  /** Run data JSON per `node\0run`; finished tasks never change. */
  tasks: Map<string, string | null>;
  /** Owned here, not in an isolate: the next call of this execution may run in another realm. */
  state?: SessionState;
}

interface ActiveCodeCall {
  sessionId: string;
  realm: SandboxRealm<RuntimeEntry>;
  offThread: boolean;
  deadline: number;
  timeoutMs: number;
  timers: Set<NodeJS.Timeout>;
  fail: (error: Error) => void;
  helpers?: CodeHostHelpers;
}

/** The parts of a call's payload that depend on the call, not on the realm it runs in. */
export type CallParts = Record<string, unknown>;

/**
 * The host half of the expression runtime: the realms user code runs in (a pool used
 * asynchronously, plus one for the synchronous node API), the callbacks through which an
 * isolate fetches run data lazily, the timers Code nodes may set (fired back into the
 * call's isolate until its deadline), and the bound on concurrent Code calls.
 */
export class SandboxRuntime {
  readonly offThread: boolean;
  readonly codeSlots: CodeSlots;
  private readonly pool: IsolatePool<RuntimeEntry>;
  private readonly notes = new RealmNotes();
  private readonly sessions = new Map<string, SessionRecord>();
  private readonly codeCalls = new Map<number, ActiveCodeCall>();
  private readonly compiled = new Map<string, string>();
  private sessionCounter = 0;
  private callCounter = 0;
  private source: string | undefined;

  constructor(readonly options: SandboxRuntimeOptions) {
    this.offThread = options.offThread !== false;
    const cores = Math.max(1, availableParallelism());
    this.codeSlots = new CodeSlots(options.codeConcurrency ?? cores);
    this.pool = new IsolatePool<RuntimeEntry>({
      memoryMb: options.memoryMb,
      source: () => (this.source ??= buildRuntimeSource()),
      entries: RUNTIME_ENTRIES,
      // Code calls hold at most `codeConcurrency` realms: expressions always find the others.
      maxSize: this.codeSlots.limit + Math.max(2, cores),
      callbacks: [
        (id: string) => this.sessionInfo(id),
        (id: string) => this.workflowInfo(id),
        (id: string, node: string, run: number) => this.task(id, node, run),
        (template: string) => this.compile(template),
        (callId: number, timerId: number, ms: number) => this.startTimer(callId, timerId, ms),
        (id: string, node: string, message: string) => this.log(id, node, message),
        (algorithm: string, text: string) => hashText(algorithm, text),
        (id: string, node: string) => this.nodeContext(id, node),
        (callId: number, requestId: number, method: string, argsJson: string) => this.hostRequest(callId, requestId, method, argsJson),
      ],
    });
  }

  /** Realms leased by calls right now, and calls waiting for one. */
  get realmUse(): { busy: number; waiting: number } {
    return { busy: this.pool.busy, waiting: this.pool.waiting };
  }

  openSession(scope: ExecutionScope): string {
    this.sessionCounter += 1;
    const id = `s${this.sessionCounter}`;
    const workflowKey = workflowEntry(scope.workflow).key;
    this.sessions.set(id, { scope, workflowKey, infoJson: sessionJson(scope, workflowKey), tasks: new Map() });
    return id;
  }

  scope(id: string): ExecutionScope {
    return this.record(id).scope;
  }

  closeSession(id: string): void {
    if (!this.sessions.delete(id)) return;
    this.notes.sessionClosed(id);
  }

  /** Keeps what a call reported as the session's new mutable state. */
  updateState(id: string, state: SessionState | undefined): void {
    const record = this.sessions.get(id);
    if (!record || !state) return;
    record.state = { staticData: state.staticData };
    if (state.customData !== undefined) keepCustomData(record.scope.runExecutionData, state.customData);
  }

  /** Runs `entry` on the service thread's realm (the synchronous node API). */
  callOnServiceThread(entry: 'resolve', sessionId: string, sources: readonly string[], parts: CallParts): string {
    const realm = this.pool.serviceThread();
    const payload = this.payload(realm, sessionId, sources, parts);
    return realm.callSync(entry, [sessionId, payload], this.options.timeoutMs) as string;
  }

  /** Evaluates expressions for a node run: off the service thread unless configured otherwise. */
  async resolve(sessionId: string, sources: readonly string[], parts: CallParts): Promise<string> {
    if (!this.offThread) return this.callOnServiceThread('resolve', sessionId, sources, parts);
    const realm = await this.pool.acquire();
    try {
      const payload = this.payload(realm, sessionId, sources, parts);
      return (await realm.call('resolve', [sessionId, payload], this.options.timeoutMs)) as string;
    } finally {
      this.release(realm);
    }
  }

  /**
   * Runs Code-node JavaScript: waits for a Code slot and a realm, then runs the code there
   * until it settles or `timeoutMs` passes. Throws SandboxCompileError for code that does
   * not parse, SandboxTimeoutError / SandboxMemoryError for the limits.
   */
  async runCode(sessionId: string, code: string, parts: CallParts, timeoutMs: number, helpers?: CodeHostHelpers): Promise<string> {
    this.record(sessionId);
    const releaseSlot = await this.codeSlots.acquire();
    const realm = this.offThread ? await this.pool.acquire().catch((error: unknown) => {
      releaseSlot();
      throw error;
    }) : this.pool.serviceThread();
    try {
      return await this.runCodeIn(realm, sessionId, code, parts, timeoutMs, helpers);
    } finally {
      if (this.offThread) this.release(realm);
      releaseSlot();
    }
  }

  /** Builds isolates ahead of the first calls: two for the pool, or the service thread's one. */
  async warmUp(): Promise<void> {
    if (this.offThread) await this.pool.warm(2);
    else this.pool.serviceThread();
  }

  extensionNames(): string[] {
    return JSON.parse(this.pool.serviceThread().callSync('extensionNames', [], this.options.timeoutMs) as string) as string[];
  }

  dispose(): void {
    for (const callId of [...this.codeCalls.keys()]) this.forgetCall(callId);
    this.sessions.clear();
    this.pool.dispose();
  }

  private async runCodeIn(realm: SandboxRealm<RuntimeEntry>, sessionId: string, code: string, parts: CallParts, timeoutMs: number, helpers?: CodeHostHelpers): Promise<string> {
    const wrapper = this.codeFunction(realm, code);
    const payload = this.payload(realm, sessionId, [], parts);
    let fail: (error: Error) => void = () => undefined;
    const failed = new Promise<never>((_, reject) => {
      fail = reject;
    });
    this.callCounter += 1;
    const callId = this.callCounter;
    this.codeCalls.set(callId, { sessionId, realm, offThread: this.offThread, deadline: Date.now() + timeoutMs, timeoutMs, timers: new Set(), fail: (error) => fail(error), helpers });
    // A promise that never settles (awaiting nothing) is stopped here; busy code by the isolate's own timeout.
    const deadline = setTimeout(() => fail(new SandboxTimeoutError(timeoutMs)), timeoutMs);
    const abandon = new AbortController();
    let finished = false;
    try {
      const pending = realm.callPromise('runCode', [sessionId, payload, wrapper, callId], timeoutMs, { offThread: this.offThread, signal: abandon.signal });
      // Whichever of the two loses the race must not surface later as an unhandled rejection.
      pending.catch(() => undefined);
      failed.catch(() => undefined);
      const text = (await Promise.race([pending, failed])) as string;
      finished = true;
      return text;
    } finally {
      clearTimeout(deadline);
      if (!finished) abandon.abort();
      this.forgetCall(callId);
      // The realm goes back to the pool only once nothing of this call is left in it.
      if (!finished && !realm.disposed) await this.cancelInRealm(realm, callId);
    }
  }

  private async cancelInRealm(realm: SandboxRealm<RuntimeEntry>, callId: number): Promise<void> {
    try {
      if (this.offThread) await realm.call('cancelCall', [callId], this.options.timeoutMs);
      else realm.callSync('cancelCall', [callId], this.options.timeoutMs);
    } catch {
      // Nothing left to cancel if the isolate itself failed.
    }
  }

  /** The Code-node wrapper for `code`, compiled once per realm (see codeWrapperSource). */
  private codeFunction(realm: SandboxRealm<RuntimeEntry>, code: string): SandboxFunction {
    const book = this.notes.book(realm.id);
    let hit = book.codeFunctions.get(code);
    if (hit === undefined) {
      try {
        hit = realm.compileFunction(codeWrapperSource(code), 'evalmachine.<anonymous>');
      } catch (error) {
        if (!(error instanceof SandboxCompileError)) throw error;
        hit = error;
      }
      this.notes.rememberCode(book, code, hit);
    }
    if (hit instanceof SandboxCompileError) throw hit;
    return hit;
  }

  private release(realm: SandboxRealm<RuntimeEntry>): void {
    if (realm.disposed) this.notes.drop(realm.id);
    this.pool.release(realm);
  }

  /**
   * The payload text of one call into `realm`: the call's own parts, the housekeeping the
   * realm needs (closed sessions, expression sources it lacks), the session and workflow
   * descriptions if it never saw them (sparing a callback across threads), and the
   * session's mutable state.
   */
  private payload(realm: SandboxRealm<RuntimeEntry>, sessionId: string, sources: readonly string[], parts: CallParts): string {
    const record = this.record(sessionId);
    const book = this.notes.book(realm.id);
    const { notes, slots }: { notes: HostNotes; slots: number[] } = this.notes.prepare(book, sources);
    const body: Record<string, unknown> = { ...notes, ...parts, slots };
    // Custom data lives in the run state (nodes such as Execution Data write it there too).
    body.state = { ...record.state, customData: record.scope.runExecutionData.resultData.metadata ?? {} };
    let prefix = '{';
    if (!book.sessions.has(sessionId)) {
      book.sessions.add(sessionId);
      prefix += `"session":${record.infoJson},`;
    }
    if (!book.workflows.has(record.workflowKey)) {
      book.workflows.add(record.workflowKey);
      prefix += `"workflow":${workflowEntry(record.scope.workflow).json},`;
    }
    return prefix + JSON.stringify(body).slice(1);
  }

  private record(id: string): SessionRecord {
    const record = this.sessions.get(id);
    if (!record) throw new Error(`Expression session ${id} is closed`);
    return record;
  }

  private forgetCall(callId: number): void {
    const call = this.codeCalls.get(callId);
    if (!call) return;
    for (const timer of call.timers) clearTimeout(timer);
    this.codeCalls.delete(callId);
  }

  private sessionInfo(id: string): string | null {
    return this.sessions.get(id)?.infoJson ?? null;
  }

  private workflowInfo(id: string): string | null {
    const record = this.sessions.get(id);
    return record ? workflowEntry(record.scope.workflow).json : null;
  }

  /** A node's context (Loop Over Items' noItemsLeft...) as it is now: never cached, it changes. */
  private nodeContext(id: string, nodeName: string): string {
    const record = this.sessions.get(id);
    return JSON.stringify(record?.scope.runExecutionData.executionData.nodeState?.[nodeName] ?? {});
  }

  private task(id: string, nodeName: string, runIndex: number): string | null {
    const record = this.sessions.get(id);
    if (!record) return null;
    const key = `${nodeName}\u0000${runIndex}`;
    const cached = record.tasks.get(key);
    if (cached !== undefined) return cached;
    const runData: RunExecutionData['resultData']['runData'] = record.scope.runExecutionData.resultData.runData;
    const json = taskJson(runData, nodeName, runIndex) ?? null;
    // A run that does not exist yet may appear later; only cache what exists.
    if (json !== null) record.tasks.set(key, json);
    return json;
  }

  private compile(template: string): string {
    const hit = this.compiled.get(template);
    if (hit !== undefined) return hit;
    if (this.compiled.size >= 5000) this.compiled.clear();
    const json = JSON.stringify(compileTemplate(template));
    this.compiled.set(template, json);
    return json;
  }

  private log(id: string, nodeName: string, message: string): void {
    const record = this.sessions.get(id);
    if (record && this.options.onConsole) this.options.onConsole({ executionId: record.scope.executionId, nodeName, message });
  }

  /**
   * A helper call of user code (`helpers.getBinaryDataBuffer`...): answered asynchronously on
   * this thread, then settled inside the call's isolate while the call is still running.
   */
  private hostRequest(callId: number, requestId: number, method: string, argsJson: string): void {
    const call = this.codeCalls.get(callId);
    if (!call) return;
    const answer = call.helpers
      ? Promise.resolve().then(() => (call.helpers as CodeHostHelpers).call(method, JSON.parse(argsJson) as JsonValue[]))
      : Promise.reject(new Error(`helpers.${method} is not available here`));
    answer.then(
      (result) => this.enterCall(callId, 'settleRequest', [callId, requestId, true, JSON.stringify(result ?? null)]),
      (error: unknown) => this.enterCall(callId, 'settleRequest', [callId, requestId, false, error instanceof Error ? error.message : String(error)]),
    );
  }

  /** Runs an entry inside a running Code call's realm, within what is left of its deadline. */
  private enterCall(callId: number, entry: 'fireTimer' | 'settleRequest', args: Array<string | number | boolean>): void {
    const call = this.codeCalls.get(callId);
    if (!call) return;
    const remaining = call.deadline - Date.now();
    if (remaining <= 0) {
      call.fail(new SandboxTimeoutError(call.timeoutMs));
      return;
    }
    const failCall = (error: unknown): void => call.fail(error instanceof Error ? error : new Error(String(error)));
    if (call.offThread) {
      call.realm.call(entry, args, remaining).catch(failCall);
      return;
    }
    try {
      call.realm.callSync(entry, args, remaining);
    } catch (error) {
      failCall(error);
    }
  }

  private startTimer(callId: number, timerId: number, ms: number): void {
    const call = this.codeCalls.get(callId);
    if (!call) return;
    const timer = setTimeout(() => {
      call.timers.delete(timer);
      this.enterCall(callId, 'fireTimer', [callId, timerId]);
    }, Math.max(0, ms));
    call.timers.add(timer);
  }
}

/**
 * A Code node's source wrapped as a function of its scope, compiled as a script named like
 * Node's vm scripts (`evalmachine.<anonymous>`), so that stack traces, hence n8n's
 * "[line N]" suffixes, read as in n8n. Line 1 of the code is line 1 of the script.
 */
function codeWrapperSource(code: string): string {
  return '(function __codeScope(__scope) { with (__scope) { return (async function VmCodeWrapper() {' + code + '\n}).call(this); } })';
}
