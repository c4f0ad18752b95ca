import { ConflictError, ExecutionCancelledError, NotFoundError, errorMessage } from '../errors';
import { executeWorkflow, type EngineDependencies } from '../engine/executor';
import { emptyRunState } from '../engine/run-state';
import { planPartialRun } from '../engine/partial-run';
import type { ExecutionHooks } from '../engine/hooks';
import type { ExecutionMode, Item, Run, RunExecutionData } from '../contracts/run-data';
import { newExecutionId } from '../ids';
import type { Logger } from '../logging';
import type { NodeServices, ResumePayload } from '../contracts/node-services';
import type { ExecutionLogRecord, ExecutionRecord, ExecutionStore, ExecutionSummary } from '../store/types';
import { summaryOf } from '../store/summary';
import type { Workflow } from '../workflow/types';
import type { ConcurrencyGate } from './concurrency';
import { buildErrorTriggerItem } from './error-trigger-data';
import { logFromNodeRun, runErrorMessage } from './records';
import { toStoredStatus } from './status';
import type { ResumeTokens } from './resume-tokens';
import { ParentLinks } from './parent-links';
import { createSubWorkflowRunner } from './sub-workflow-runner';
import type { LoadedWorkflow, WorkflowLoader } from './workflow-loader';
import { saveDecision } from './save-policy';

const ERROR_TRIGGER = 'n8n-nodes-base.errorTrigger';

export interface ExecutionServiceOptions {
  engine: EngineDependencies;
  workflows: WorkflowLoader;
  executions: ExecutionStore;
  logger: Logger;
  publicUrl: string;
  resumeTokens: ResumeTokens;
  gate: ConcurrencyGate;
  maxSubworkflowDepth: number;
  /** Runs still going after this long get a `running` row (short runs cost one write). */
  runningRecordDelayMs?: number;
  /** Told about every run that parks (with its saved state), so timed resumes can be scheduled. */
  onWaiting?: (execution: ExecutionSummary, data: RunExecutionData) => void;
  /** Told about every finished run (metrics). */
  onFinished?: (execution: ExecutionSummary) => void;
  /**
   * Throws (UnavailableError) when production runs must be refused now: the store cannot
   * write, or its delivery backlog is full. `inFlight`: production runs admitted in this
   * process and not ended yet (each will add one record to the backlog).
   */
  admitProduction?: (inFlight: number) => void;
  /**
   * Where new runs and resumes happen when not in this process (queue mode: on workers).
   * Absent: everything runs here, as in regular mode.
   */
  remote?: RemoteRuns;
}

/** Runs placed elsewhere (queue workers): the service still validates, then hands over. */
export interface RemoteRuns {
  /** Throws (UnavailableError) while runs cannot be handed over (the queue is unreachable). */
  admit(): void;
  start(executionId: string, request: StartRequest, target: RunTarget): Promise<StartedExecution>;
  /** `record` is waiting and can resume; the remote side claims the resume once. */
  resume(record: ExecutionRecord, items: Item[] | undefined, options: ResumeOptions): Promise<StartedExecution>;
  /** Stops a run that is queued or running elsewhere. */
  stop(record: ExecutionRecord): Promise<ExecutionSummary>;
  /** The finished record of a remote run started with `keepRecord` (read once). */
  takeRecord(executionId: string): ExecutionRecord | undefined;
}

/** The workflow a run executes and the canvas it counts under. */
export interface RunTarget {
  workflow: Workflow;
  canvasId: string;
  snapshot: ExecutionRecord['workflowData'];
}

export interface StartRequest {
  /** Canvas id or workflowId in the store; ignored when `loaded` is given. */
  workflowId?: string;
  loaded?: LoadedWorkflow;
  /** A workflow given inline (sub-workflow from a parameter), with the canvas it counts under. */
  inline?: { workflow: Workflow; canvasId: string };
  mode: ExecutionMode;
  triggerItems?: Item[];
  startNode?: string;
  requestId?: string;
  parentExecutionId?: string;
  retryOf?: string;
  /** A partial run: the execution whose saved items it starts from. */
  partialOf?: string;
  depth?: number;
  services?: NodeServices;
  /** Continue from a saved state instead of starting fresh. */
  resumeState?: RunExecutionData;
  /** What a parked node that reruns on resume is handed (a child's outcome). */
  resumePayload?: ResumePayload;
  /** Set by `resume`: this run continues a parked one (so its end may resume a parent). */
  resumed?: boolean;
  priorLogs?: ExecutionLogRecord[];
  /** Keep the finished record in memory for one `takeRecord` (sub-workflow callers). */
  keepRecord?: boolean;
  /** An id made beforehand (a webhook stores its upload under it before the run starts). */
  executionId?: string;
  /** The run already has a stored row (queue mode's `queued`): its end is always saved over it. */
  storedAhead?: boolean;
  /** Queue mode: the worker running it, saved with the execution. */
  worker?: string;
}

export interface ResumeOptions {
  /** Resume only if the execution's wait ends by this time. */
  dueBy?: Date;
  services?: NodeServices;
  /** What ended the wait of a node that reruns on resume (the child an Execute Workflow node waited for). */
  payload?: ResumePayload;
  /** Queue mode: the worker resuming it. */
  worker?: string;
}

export interface StartedExecution {
  executionId: string;
  /** Resolves when the run ends or parks; never rejects. */
  done: Promise<ExecutionSummary>;
}

interface LiveExecution {
  controller: AbortController;
  done: Promise<ExecutionSummary>;
}

/**
 * The use cases every entry point calls (HTTP, webhooks, schedules, CLI, sub-workflows):
 * start, resume, retry, stop. It owns persistence of runs; the engine stays pure.
 */
export class ExecutionService {
  private readonly live = new Map<string, LiveExecution>();
  /** Request ids (Idempotency-Key) of runs starting or running in this process. */
  private readonly claims = new Map<string, Promise<StartedExecution>>();
  /** Finished records kept briefly in memory: sub-workflow callers read them even when not saved. */
  private readonly lastRecords = new Map<string, ExecutionRecord>();
  /** Parents parked on children that parked: resumed when the child ends. */
  private readonly parents: ParentLinks;
  /** Production runs admitted and not ended: counted against the store's backlog bound. */
  private productionInFlight = 0;

  constructor(private readonly options: ExecutionServiceOptions) {
    this.parents = new ParentLinks({
      executions: options.executions,
      resume: (executionId, items, resumeOptions) => this.resume(executionId, items, resumeOptions),
      logger: options.logger,
    });
  }

  get runningCount(): number {
    return this.live.size;
  }

  /**
   * Starts a run. A request id (Idempotency-Key) is claimed before the first await, so calls
   * with one key arriving together share one run and one answer; a key seen before answers
   * with its stored execution. Production runs are refused (503) while the store cannot write.
   */
  start(request: StartRequest): Promise<StartedExecution> {
    const key = request.requestId;
    const claimed = key === undefined ? undefined : this.claims.get(key);
    if (claimed) return claimed;
    try {
      this.options.remote?.admit();
      if (request.mode !== 'production') return this.startOncePerKey(request, key);
      this.options.admitProduction?.(this.productionInFlight);
    } catch (error) {
      return Promise.reject(error);
    }
    this.productionInFlight += 1;
    const started = this.startOncePerKey(request, key);
    const ended = () => {
      this.productionInFlight -= 1;
    };
    started.then((run) => run.done.then(ended, ended), ended);
    return started;
  }

  /** A new run, or with a request id the run (or stored execution) that id already has. */
  private startOncePerKey(request: StartRequest, key: string | undefined): Promise<StartedExecution> {
    if (key === undefined) return this.startNew(request);
    const claim = this.startClaimed(request, key);
    this.claims.set(key, claim);
    const forget = () => {
      if (this.claims.get(key) === claim) this.claims.delete(key);
    };
    // Once the run is over its record answers for the key (saved, or kept by the guarded store).
    claim.then((started) => started.done.then(forget), forget);
    return claim;
  }

  private async startClaimed(request: StartRequest, key: string): Promise<StartedExecution> {
    const existing = await this.options.executions.findByRequestId(key);
    if (existing) return { executionId: existing.id, done: Promise.resolve(existing) };
    return this.startNew(request);
  }

  private async startNew(request: StartRequest): Promise<StartedExecution> {
    const target = await this.resolveWorkflow(request);
    const executionId = request.executionId ?? newExecutionId();
    if (this.options.remote) return this.options.remote.start(executionId, request, target);
    return this.startHere({ ...request, executionId }, target);
  }

  /** Runs in this process whatever the placement: what a queue worker does with a job. */
  async startHere(request: StartRequest & { executionId: string }, target?: RunTarget): Promise<StartedExecution> {
    const { workflow, canvasId, snapshot } = target ?? (await this.resolveWorkflow(request));
    const release = request.mode === 'production' ? await this.options.gate.acquire() : () => undefined;
    const done = this.run(request.executionId, workflow, canvasId, snapshot, request).finally(release);
    return { executionId: request.executionId, done };
  }

  private async resolveWorkflow(request: StartRequest): Promise<RunTarget> {
    if (request.inline) return { workflow: request.inline.workflow, canvasId: request.inline.canvasId, snapshot: request.inline.workflow.source };
    const loaded = request.loaded ?? (await this.options.workflows.load(request.workflowId ?? ''));
    return { workflow: loaded.workflow, canvasId: loaded.stored.id, snapshot: loaded.stored.json };
  }

  private async run(
    executionId: string,
    workflow: Workflow,
    canvasId: string,
    snapshot: ExecutionRecord['workflowData'],
    request: StartRequest,
    base?: ExecutionRecord,
  ): Promise<ExecutionSummary> {
    const { executions, logger } = this.options;
    const controller = new AbortController();
    const startedAt = base?.startedAt ?? new Date();
    const logs: ExecutionLogRecord[] = [...(request.priorLogs ?? [])];
    const resumeUrl = this.options.resumeTokens.url(this.options.publicUrl, executionId);
    const record: ExecutionRecord = base ?? {
      id: executionId,
      canvasId,
      workflowId: workflow.id,
      mode: request.mode,
      status: 'running',
      finished: false,
      startedAt,
      workflowData: snapshot,
      data: request.resumeState ?? emptyRunState(),
      logs,
      requestId: request.requestId,
      parentExecutionId: request.parentExecutionId,
      retryOf: request.retryOf,
      partialOf: request.partialOf,
      worker: request.worker,
    };
    record.status = 'running';
    record.logs = logs;
    let savedOnce = base !== undefined;
    const saveRunning = async (data: RunExecutionData) => {
      record.data = data;
      await executions.save({ ...record, status: 'running', finished: false });
      savedOnce = true;
    };
    const progress = workflow.settings.saveExecutionProgress === true;
    // A run its settings never keep is not saved early for a sub-workflow's sake either.
    const mayBeSaved = saveDecision(workflow.settings, request.mode, 'success') || saveDecision(workflow.settings, request.mode, 'error');
    const runningTimer = setTimeout(() => {
      if (!savedOnce) void saveRunning(record.data).catch((error) => logger.error('could not save running execution', { executionId, error: errorMessage(error) }));
    }, this.options.runningRecordDelayMs ?? 1000);
    const hooks: ExecutionHooks = {
      nodeExecuteAfter: async (nodeRun, state) => {
        logs.push(logFromNodeRun(nodeRun));
        // Progress is a courtesy: a store that cannot take it must not fail the node.
        if (progress) await saveRunning(state).catch((error) => logger.error('could not save execution progress', { executionId, error: errorMessage(error) }));
      },
    };
    const done = (async (): Promise<ExecutionSummary> => {
      let run: Run;
      try {
        run = await executeWorkflow(this.options.engine, {
          workflow,
          executionId,
          mode: request.mode,
          startNode: request.startNode,
          triggerItems: request.triggerItems,
          resume: request.resumeState ? { state: request.resumeState, items: request.triggerItems, payload: request.resumePayload } : undefined,
          signal: controller.signal,
          timeoutMs: timeoutOf(workflow),
          hooks,
          services: {
            ...request.services,
            subWorkflows: createSubWorkflowRunner(this, {
              parentExecutionId: executionId,
              canvasId,
              depth: request.depth ?? 0,
              maxDepth: this.options.maxSubworkflowDepth,
              loader: this.options.workflows,
              saveParent: () => (savedOnce || !mayBeSaved ? Promise.resolve() : saveRunning(record.data)),
            }),
          },
          resumeUrl,
          startedAt,
        });
      } catch (error) {
        // A workflow the engine refuses (bad start node...) still becomes a visible failed execution.
        run = failedRun(record.data, request.mode, startedAt, errorMessage(error));
      } finally {
        clearTimeout(runningTimer);
      }
      record.data = run.data;
      record.status = toStoredStatus(run.status);
      record.finished = run.finished;
      record.stoppedAt = run.status === 'waiting' ? undefined : new Date(run.stoppedAt ?? Date.now());
      record.errorMessage = runErrorMessage(run);
      record.waitTill = run.waitTill ? new Date(run.waitTill) : undefined;
      record.resumeUrl = run.status === 'waiting' ? resumeUrl : undefined;
      if (savedOnce || request.storedAhead === true || saveDecision(workflow.settings, record.mode, record.status)) {
        try {
          await executions.save(record);
        } catch (error) {
          return this.reportUnsaved(record, error);
        }
      }
      // The end is stored: a failure in what follows (hooks, links) is logged, never turned into a crash.
      return this.afterSaved(record, run, request, workflow).catch((error: unknown) => {
        this.options.logger.error('execution ended and was saved, but what follows its end failed', { executionId, error: errorMessage(error) });
        return summaryOf(record);
      });
    })().catch((error: unknown) => this.reportUnsaved(record, error));
    this.live.set(executionId, { controller, done });
    try {
      return await done;
    } finally {
      // A parent may already be running again (resumed by its child as it ended).
      if (this.live.get(executionId)?.done === done) this.live.delete(executionId);
    }
  }

  /** What follows a saved end: hooks, parent/child links, retry link, error workflow. */
  private async afterSaved(record: ExecutionRecord, run: Run, request: StartRequest, workflow: Workflow): Promise<ExecutionSummary> {
    const { executions, logger } = this.options;
    const executionId = record.id;
    const summary = summaryOf(record);
    if (request.keepRecord) this.lastRecords.set(executionId, record);
    if (run.status === 'waiting') this.options.onWaiting?.(summary, record.data);
    this.options.onFinished?.(summary);
    await this.linkToParentOrChild(record, request);
    if (run.status === 'success' && record.retryOf) {
      await executions.patch(record.retryOf, { retrySuccessId: executionId }).catch((error) => logger.warn('could not link retry', { executionId, error: errorMessage(error) }));
    }
    // n8n: never for manual runs; and an error workflow that fails does not start error workflows again.
    if ((run.status === 'error' || run.status === 'crashed') && record.mode !== 'manual' && record.mode !== 'error') {
      await this.startErrorWorkflow(workflow, record, run).catch((error) => logger.error('error workflow did not start', { executionId, error: errorMessage(error) }));
    }
    return summary;
  }

  /**
   * A run whose end could not be saved (the store refused it and memory could not keep it)
   * or whose bookkeeping threw: `done` still resolves, reporting it as crashed with the
   * reason, and the log names it, so no accepted run disappears silently.
   */
  private reportUnsaved(record: ExecutionRecord, error: unknown): ExecutionSummary {
    const reason = errorMessage(error);
    this.options.logger.error('execution ended but its result could not be saved', { executionId: record.id, status: record.status, error: reason });
    const summary: ExecutionSummary = { ...summaryOf(record), status: 'crashed', finished: false, errorMessage: `The execution ran (status ${record.status}) but could not be saved: ${reason}` };
    summary.stoppedAt ??= new Date();
    this.options.onFinished?.(summary);
    return summary;
  }

  /**
   * Nested waiting: a run that parked on a child that already ended resumes at once; a
   * resumed child that ended resumes the parent waiting for it. Failures are logged: the
   * start-up recovery (`resumeParentsOfEndedChildren`) picks up what is missed.
   */
  private async linkToParentOrChild(record: ExecutionRecord, request: StartRequest): Promise<void> {
    try {
      if (record.status === 'waiting') await this.parents.parentParked(record);
      else if (request.resumed && record.parentExecutionId !== undefined) await this.parents.childEnded(record);
    } catch (error) {
      this.options.logger.error('could not link a sub-workflow to its parent', { executionId: record.id, error: errorMessage(error) });
    }
  }

  /** After a restart: parents parked on children that ended (or crashed) meanwhile go on. */
  async resumeParentsOfEndedChildren(): Promise<number> {
    return this.parents.recover();
  }

  /**
   * n8n's executeErrorWorkflow: the workflow named in settings.errorWorkflow, else the failed
   * workflow itself when it holds an Error Trigger, starts at its Error Trigger.
   */
  private async startErrorWorkflow(workflow: Workflow, record: ExecutionRecord, run: Run): Promise<void> {
    const target = workflow.settings.errorWorkflow;
    const named = typeof target === 'string' && target !== '' ? target : undefined;
    const item = buildErrorTriggerItem(workflow, record, run, this.options.publicUrl);
    const loaded = named !== undefined ? await this.options.workflows.load(named) : undefined;
    const errorWorkflow = loaded?.workflow ?? workflow;
    const errorTrigger = [...errorWorkflow.nodes.values()].find((node) => node.type === ERROR_TRIGGER && !node.disabled);
    if (!errorTrigger) {
      if (named !== undefined) {
        this.options.logger.warn('error workflow has no Error Trigger node, so it was not started', { executionId: record.id, errorWorkflow: named });
      }
      return;
    }
    const common = { mode: 'error' as const, triggerItems: [item], startNode: errorTrigger.name };
    if (loaded) await this.start({ ...common, loaded });
    else await this.start({ ...common, inline: { workflow, canvasId: record.canvasId } });
  }

  /**
   * Continues a parked execution once (a second caller gets a ConflictError). `dueBy`: only
   * if its wait ends by then (a timer armed for an earlier wait must not cut a later one
   * short); `services`: per-run services such as the resume call's webhook responder.
   */
  async resume(executionId: string, items?: Item[], options: ResumeOptions = {}): Promise<StartedExecution> {
    const remote = this.options.remote;
    if (remote === undefined) return this.resumeHere(executionId, items, options);
    remote.admit();
    const record = await this.resumable(executionId, options);
    return remote.resume(record, items, options);
  }

  /** The saved execution if it may resume now, else the ConflictError / NotFoundError saying why. */
  private async resumable(executionId: string, options: ResumeOptions): Promise<ExecutionRecord> {
    const { executions } = this.options;
    const record = await executions.get(executionId);
    if (!record) throw new NotFoundError(`Execution "${executionId}" was not found`);
    if (record.status !== 'waiting') throw new ConflictError(`Execution "${executionId}" is not waiting (status: ${record.status})`);
    if (options.dueBy && record.waitTill && record.waitTill.getTime() > options.dueBy.getTime()) {
      throw new ConflictError(`Execution "${executionId}" waits until ${record.waitTill.toISOString()}, it is not due yet`);
    }
    if (!hasRunState(record.data)) {
      // A saved state we cannot continue from must not be retried forever by every poll.
      const message = `Execution "${executionId}" cannot resume: its saved run state is incomplete (no node stack); retry it to run it again`;
      if (await executions.transition(executionId, 'waiting', 'crashed')) {
        await executions.patch(executionId, { stoppedAt: new Date(), finished: false, waitTill: undefined, errorMessage: message });
      }
      throw new ConflictError(message);
    }
    return record;
  }

  /** Continues a parked execution in this process whatever the placement (a queue worker's resume job). */
  async resumeHere(executionId: string, items?: Item[], options: ResumeOptions = {}): Promise<StartedExecution> {
    const { executions } = this.options;
    const record = await this.resumable(executionId, options);
    if (!(await executions.transition(executionId, 'waiting', 'running'))) {
      throw new ConflictError(`Execution "${executionId}" was already resumed`);
    }
    const workflow = this.options.workflows.build(record.workflowData, { workflowId: record.workflowId, name: record.workflowData.name ?? record.workflowId, active: false });
    const priorLogs = record.logs.filter((log) => log.status !== 'waiting');
    const done = this.run(executionId, workflow, record.canvasId, record.workflowData, {
      mode: record.mode,
      resumeState: record.data,
      triggerItems: items,
      priorLogs,
      parentExecutionId: record.parentExecutionId,
      services: options.services,
      resumePayload: options.payload,
      resumed: true,
    }, { ...record, waitTill: undefined, resumeUrl: undefined, worker: options.worker ?? record.worker });
    return { executionId, done };
  }

  /** n8n's two retries: from the failed node with the saved workflow, or with the current one. */
  async retry(executionId: string, options: { loadWorkflow: boolean }): Promise<StartedExecution> {
    const original = await this.options.executions.get(executionId);
    if (!original) throw new NotFoundError(`Execution "${executionId}" was not found`);
    if (!['error', 'crashed', 'cancelled'].includes(original.status)) {
      throw new ConflictError(`Execution "${executionId}" cannot be retried: only failed, crashed or cancelled executions can (status: ${original.status})`);
    }
    const loaded = options.loadWorkflow ? await this.options.workflows.load(original.canvasId) : undefined;
    const workflow = loaded?.workflow ?? this.options.workflows.build(original.workflowData, { workflowId: original.workflowId, name: original.workflowData.name ?? original.workflowId, active: false });
    const state = retryState(original.data);
    const common = { mode: 'retry' as const, retryOf: original.id, parentExecutionId: original.parentExecutionId };
    if (state) {
      return this.start({ ...common, inline: { workflow, canvasId: original.canvasId }, resumeState: state, priorLogs: original.logs.filter((log) => log.status === 'success') });
    }
    return this.start({ ...common, inline: { workflow, canvasId: original.canvasId }, triggerItems: startItems(original.data) });
  }

  /**
   * n8n's partial run ("execute step"): `node` and the parents it needs that have no saved
   * output run as a new manual execution, fed by the saved items (or pinned data) of the
   * others in `executionId`, which it names as `partialOf`. The workflow is the canvas'
   * current one (as n8n's editor runs it), or the execution's snapshot when the canvas is gone.
   */
  async runNode(executionId: string, node: string): Promise<StartedExecution> {
    const original = await this.options.executions.get(executionId);
    if (!original) throw new NotFoundError(`Execution "${executionId}" was not found`);
    if (original.status === 'running' || original.status === 'waiting' || original.status === 'queued') {
      throw new ConflictError(`Execution "${executionId}" is still ${original.status}: run a node from it once it has ended`);
    }
    const loaded = await this.options.workflows.load(original.canvasId).catch(() => undefined);
    const workflow =
      loaded !== undefined && loaded.stored.workflowId === original.workflowId
        ? loaded.workflow
        : this.options.workflows.build(original.workflowData, { workflowId: original.workflowId, name: original.workflowData.name ?? original.workflowId, active: false });
    const plan = planPartialRun(workflow, original.data, node, startItems(original.data) ?? [{ json: {} }]);
    return this.start({ mode: 'manual', inline: { workflow, canvasId: original.canvasId }, resumeState: plan.state, partialOf: original.id });
  }

  /** The finished record of a run started with `keepRecord` (read once), else the stored one. */
  async takeRecord(executionId: string): Promise<ExecutionRecord | undefined> {
    const kept = this.lastRecords.get(executionId) ?? this.options.remote?.takeRecord(executionId);
    this.lastRecords.delete(executionId);
    return kept ?? this.options.executions.get(executionId);
  }

  /** Stops a running run (at its next await) or cancels a waiting one. */
  async stop(executionId: string): Promise<ExecutionSummary> {
    const live = this.live.get(executionId);
    if (live) {
      live.controller.abort(new ExecutionCancelledError('The execution was stopped'));
      return live.done;
    }
    const { executions } = this.options;
    const record = await executions.get(executionId);
    if (!record) throw new NotFoundError(`Execution "${executionId}" was not found`);
    if (this.options.remote && (record.status === 'running' || record.status === 'queued')) return this.options.remote.stop(record);
    if (record.status === 'waiting' && (await executions.transition(executionId, 'waiting', 'cancelled'))) {
      const stopped = { stoppedAt: new Date(), finished: false, waitTill: undefined, errorMessage: 'The execution was stopped' };
      await executions.patch(executionId, stopped);
      const cancelled: ExecutionRecord = { ...record, ...stopped, status: 'cancelled' };
      // A parent waiting for this child fails its Execute Workflow node, as for any failed child.
      await this.linkToParentOrChild(cancelled, { mode: record.mode, resumed: true });
      return summaryOf(cancelled);
    }
    throw new ConflictError(`Execution "${executionId}" is not running (status: ${record.status})`);
  }

  /** After a crash or restart: runs left `running` can no longer finish. */
  async markCrashed(): Promise<number> {
    // Queue mode: workers run the executions; a dead worker's runs are found by its lapsed lease.
    if (this.options.remote) return 0;
    const { executions } = this.options;
    const orphans = (await executions.listByStatus('running')).filter((execution) => !this.live.has(execution.id));
    for (const orphan of orphans) {
      if (await executions.transition(orphan.id, 'running', 'crashed')) {
        await executions.patch(orphan.id, {
          stoppedAt: new Date(),
          finished: false,
          errorMessage: 'The service stopped while this execution was running (crash or restart); retry it to run it again',
        });
      }
    }
    return orphans.length;
  }

  /**
   * A run whose process died holding it (queue mode: the worker's lease lapsed): marked
   * `crashed` once (the caller that moves it from `running` or `queued`), then its error
   * workflow starts and a parent waiting for it goes on. Undefined when someone else did it.
   */
  async declareCrashed(executionId: string, message: string): Promise<ExecutionSummary | undefined> {
    const { executions } = this.options;
    const record = await executions.get(executionId);
    if (!record) return undefined;
    const won = (await executions.transition(executionId, 'running', 'crashed')) || (await executions.transition(executionId, 'queued', 'crashed'));
    if (!won) return undefined;
    const stopped = { stoppedAt: new Date(), finished: false, errorMessage: message };
    await executions.patch(executionId, stopped);
    const crashed: ExecutionRecord = { ...record, ...stopped, status: 'crashed' };
    crashed.data.resultData.error = { message, name: 'WorkflowCrashed', timestamp: Date.now() };
    const workflow = this.options.workflows.build(record.workflowData, { workflowId: record.workflowId, name: record.workflowData.name ?? record.workflowId, active: false });
    const run: Run = { data: crashed.data, status: 'crashed', mode: record.mode, finished: false, startedAt: record.startedAt.toISOString(), stoppedAt: stopped.stoppedAt.toISOString() };
    return this.afterSaved(crashed, run, { mode: record.mode, resumed: true }, workflow);
  }

  /** For shutdown: waits for runs in flight, up to `timeoutMs`, then cancels the rest. */
  async drain(timeoutMs: number): Promise<void> {
    const all = Promise.allSettled([...this.live.values()].map((live) => live.done));
    const timedOut = await Promise.race([all.then(() => false), new Promise<boolean>((resolve) => setTimeout(() => resolve(true), timeoutMs).unref())]);
    if (!timedOut) return;
    for (const live of this.live.values()) live.controller.abort(new ExecutionCancelledError('The execution was cancelled because the service shut down'));
    await Promise.allSettled([...this.live.values()].map((live) => live.done));
  }
}

function hasRunState(data: RunExecutionData | undefined): boolean {
  return Array.isArray(data?.executionData?.nodeExecutionStack) && typeof data?.resultData?.runData === 'object';
}

function timeoutOf(workflow: Workflow): number | undefined {
  const seconds = Number(workflow.settings.executionTimeout);
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : undefined;
}

function failedRun(data: RunExecutionData, mode: ExecutionMode, startedAt: Date, message: string): Run {
  data.resultData.error = { message, name: 'WorkflowError', timestamp: Date.now() };
  return { data, status: 'error', mode, finished: false, startedAt: startedAt.toISOString(), stoppedAt: new Date().toISOString() };
}

/**
 * The saved state minus the failed run, so the failed node runs again (n8n's retry). A run
 * that crashed while parked or resuming starts its Wait node again (the resume call that
 * was being handled is lost), rather than passing through it as if the wait had ended.
 */
function retryState(data: RunExecutionData): RunExecutionData | undefined {
  const state: RunExecutionData = JSON.parse(JSON.stringify(data));
  if (state.executionData.nodeExecutionStack.length === 0) return undefined;
  delete state.resultData.error;
  delete state.waitTill;
  delete state.resumeData;
  const last = state.resultData.lastNodeExecuted;
  const runs = last ? state.resultData.runData[last] : undefined;
  const lastStatus = runs?.[runs.length - 1]?.executionStatus;
  if (lastStatus === 'error' || lastStatus === 'waiting') runs?.pop();
  return state;
}

function startItems(data: RunExecutionData): Item[] | undefined {
  const start = data.startData.startNodes?.[0];
  const first = start ? data.resultData.runData[start]?.[0] : undefined;
  return first?.data?.main?.[0] ?? undefined;
}
