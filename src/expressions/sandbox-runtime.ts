import type { RunExecutionData } from '../contracts/run-data';
import { IsolateHost, SandboxCompileError, type SandboxFunction } from '../sandbox/isolate-host';
import { SandboxTimeoutError } from '../sandbox/errors';
import type { ExecutionScope } from './types';
import { RUNTIME_ENTRIES, buildRuntimeSource, type RuntimeEntry } from './runtime';
import { sessionJson, taskJson, workflowEntry } from './host-data';
import { compileTemplate } from './template';
import { hashText } from './hash-text';

export interface ConsoleMessage {
  executionId: string;
  nodeName: string;
  message: string;
}

export interface SandboxRuntimeOptions {
  timeoutMs: number;
  memoryMb: number;
  onConsole?: (entry: ConsoleMessage) => void;
}

/** What the runtime keeps per open session. */
export interface SessionRecord {
  scope: ExecutionScope;
  workflowKey: string;
  /** Run data JSON per `node\0run`; finished tasks never change. */
  tasks: Map<string, string | null>;
  /** Isolate generation that last saw this session (0: never), to know whether closing must tell it. */
  seenInGeneration: number;
}

interface ActiveCodeCall {
  sessionId: string;
  deadline: number;
  timers: Set<NodeJS.Timeout>;
  fail: (error: Error) => void;
}

const COMPILE_CACHE_LIMIT = 5000;
/** Closed sessions are forgotten by the isolate on its next call, or in one call per this many. */
const CLOSE_BATCH = 256;

/** Bookkeeping a sandbox call carries besides its own payload. */
export interface HostNotes {
  closed?: string[];
  defs?: Record<number, string>;
  resetSlots?: boolean;
}

/**
 * The host half of the expression runtime: one isolate shared by every session, the
 * callbacks through which the isolate fetches workflow and run data lazily, and the
 * timers Code nodes may set (fired back into the isolate until the call's deadline).
 */
export class SandboxRuntime {
  readonly host: IsolateHost<RuntimeEntry>;
  private readonly sessions = new Map<string, SessionRecord>();
  private readonly codeCalls = new Map<number, ActiveCodeCall>();
  private readonly compiled = new Map<string, string>();
  /** Code-node wrappers compiled into the current isolate, by source. */
  private readonly codeFunctions = new Map<string, SandboxFunction | SandboxCompileError>();
  private sessionCounter = 0;
  private callCounter = 0;
  /** Expression sources by id, and the isolate generation that already has each. */
  private readonly slotIds = new Map<string, { id: number; generation: number }>();
  private slotCounter = 0;
  private resetSlots = false;
  private pendingCloses: string[] = [];

  constructor(readonly options: SandboxRuntimeOptions) {
    this.host = new IsolateHost<RuntimeEntry>({
      memoryMb: options.memoryMb,
      buildSource: buildRuntimeSource,
      entries: RUNTIME_ENTRIES,
      callbacks: [
        (id: string) => this.sessionInfo(id),
        (id: string) => this.workflowInfo(id),
        (id: string, node: string, run: number) => this.task(id, node, run),
        (template: string) => this.compile(template),
        (callId: number, timerId: number, ms: number) => this.startTimer(callId, timerId, ms),
        (id: string, node: string, message: string) => this.log(id, node, message),
        (algorithm: string, text: string) => hashText(algorithm, text),
        (id: string, node: string) => this.nodeContext(id, node),
      ],
      onRecreate: () => {
        this.codeFunctions.clear();
        // A new isolate knows no session and no expression yet.
        this.pendingCloses = [];
      },
    });
  }

  /**
   * The Code-node wrapper for `code`, compiled once per isolate as a script named like
   * Node's vm scripts (`evalmachine.<anonymous>`), so that stack traces, hence n8n's
   * "[line N]" suffixes, read as in n8n. Line 1 of the code is line 1 of the script.
   * Throws SandboxCompileError for code that does not parse.
   */
  codeFunction(code: string): SandboxFunction {
    const generation = this.host.prepare();
    let hit = this.codeFunctions.get(code);
    if (hit === undefined || (!(hit instanceof SandboxCompileError) && hit.generation !== generation)) {
      const source =
        '(function __codeScope(__scope) { with (__scope) { return (async function VmCodeWrapper() {' +
        code +
        '\n}).call(this); } })';
      try {
        hit = this.host.compileFunction(source, 'evalmachine.<anonymous>');
      } catch (error) {
        if (!(error instanceof SandboxCompileError)) throw error;
        hit = error;
      }
      if (this.codeFunctions.size >= COMPILE_CACHE_LIMIT) this.codeFunctions.clear();
      this.codeFunctions.set(code, hit);
    }
    if (hit instanceof SandboxCompileError) throw hit;
    return hit;
  }

  openSession(scope: ExecutionScope): string {
    this.sessionCounter += 1;
    const id = `s${this.sessionCounter}`;
    this.sessions.set(id, { scope, workflowKey: workflowEntry(scope.workflow).key, tasks: new Map(), seenInGeneration: 0 });
    return id;
  }

  session(id: string): SessionRecord {
    const record = this.sessions.get(id);
    if (!record) throw new Error(`Expression session ${id} is closed`);
    return record;
  }

  closeSession(id: string): void {
    const record = this.sessions.get(id);
    if (!record) return;
    this.sessions.delete(id);
    if (record.seenInGeneration === 0 || record.seenInGeneration !== this.host.generation) return;
    this.pendingCloses.push(id);
    if (this.pendingCloses.length < CLOSE_BATCH) return;
    const ids = this.pendingCloses;
    this.pendingCloses = [];
    try {
      this.host.callSync('closeSession', [JSON.stringify(ids)], this.options.timeoutMs);
    } catch {
      // The isolate is gone or busy: its copies of these sessions go with it.
    }
  }

  /**
   * Readies the isolate and returns what the next call must carry: closed sessions to drop,
   * and the ids of `sources` (with the text of those the isolate has not seen yet).
   */
  prepareCall(sources: readonly string[] = []): { notes: HostNotes; slots: number[] } {
    const generation = this.host.prepare();
    const notes: HostNotes = {};
    if (this.pendingCloses.length > 0) {
      notes.closed = this.pendingCloses;
      this.pendingCloses = [];
    }
    if (this.resetSlots) {
      notes.resetSlots = true;
      this.resetSlots = false;
    }
    const slots = sources.map((source) => {
      let entry = this.slotIds.get(source);
      if (!entry) {
        if (this.slotIds.size >= COMPILE_CACHE_LIMIT) {
          this.slotIds.clear();
          notes.resetSlots = true;
        }
        this.slotCounter += 1;
        entry = { id: this.slotCounter, generation: 0 };
        this.slotIds.set(source, entry);
      }
      if (entry.generation !== generation) {
        (notes.defs ??= {})[entry.id] = source;
        entry.generation = generation;
      }
      return entry.id;
    });
    return { notes, slots };
  }

  /** Registers a Code call so its timers can run until `deadline`; returns its id. */
  beginCodeCall(sessionId: string, deadline: number, fail: (error: Error) => void): number {
    this.callCounter += 1;
    this.codeCalls.set(this.callCounter, { sessionId, deadline, timers: new Set(), fail });
    return this.callCounter;
  }

  endCodeCall(callId: number, cancelInIsolate: boolean): void {
    const call = this.codeCalls.get(callId);
    if (!call) return;
    for (const timer of call.timers) clearTimeout(timer);
    this.codeCalls.delete(callId);
    if (!cancelInIsolate) return;
    try {
      this.host.callSync('cancelCall', [callId], this.options.timeoutMs);
    } catch {
      // Nothing left to cancel if the isolate itself failed.
    }
  }

  dispose(): void {
    for (const callId of [...this.codeCalls.keys()]) this.endCodeCall(callId, false);
    this.sessions.clear();
    this.host.dispose();
  }

  private sessionInfo(id: string): string | null {
    const record = this.sessions.get(id);
    if (!record) return null;
    record.seenInGeneration = this.host.generation;
    return sessionJson(record.scope, record.workflowKey);
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
    if (this.compiled.size >= COMPILE_CACHE_LIMIT) this.compiled.clear();
    const json = JSON.stringify(compileTemplate(template));
    this.compiled.set(template, json);
    return json;
  }

  private log(id: string, nodeName: string, message: string): void {
    const record = this.sessions.get(id);
    if (record && this.options.onConsole) this.options.onConsole({ executionId: record.scope.executionId, nodeName, message });
  }

  private startTimer(callId: number, timerId: number, ms: number): void {
    const call = this.codeCalls.get(callId);
    if (!call) return;
    const timer = setTimeout(() => {
      call.timers.delete(timer);
      if (!this.codeCalls.has(callId)) return;
      const remaining = call.deadline - Date.now();
      if (remaining <= 0) {
        call.fail(new SandboxTimeoutError(this.options.timeoutMs));
        return;
      }
      try {
        this.host.callSync('fireTimer', [callId, timerId], remaining);
      } catch (error) {
        call.fail(error instanceof Error ? error : new Error(String(error)));
      }
    }, Math.max(0, ms));
    call.timers.add(timer);
  }
}
