import { ConflictError, NotFoundError, errorMessage } from '../../errors';
import type { LoadedWorkflow, WorkflowLoader } from '../../executions/workflow-loader';
import type { LogSink } from '../../logging';
import type { StoredWorkflow, WorkflowStore } from '../../store/types';
import type { Clock } from '../clock';
import type { FiredSlot, Scheduler } from '../schedules/scheduler';
import { describeWorkflow } from '../trigger-nodes';
import type { WebhookRegistry } from '../webhooks/webhook-registry';
import type { FormRegistry } from '../forms/form-registry';
import { planTriggers } from './trigger-plan';

export interface ActivationResult {
  id: string;
  active: boolean;
  activatedAt: string | null;
}

export interface RestoreReport {
  activated: string[];
  failed: Array<{ id: string; error: string }>;
  caughtUp: FiredSlot[];
}

export interface ActivationServiceOptions {
  workflows: WorkflowStore;
  loader: WorkflowLoader;
  webhooks: WebhookRegistry;
  /** Active Form Triggers (`/form/<path>`); optional for callers without forms. */
  forms?: FormRegistry;
  scheduler: Scheduler;
  clock: Clock;
  defaultTimezone: string;
  logger: Pick<LogSink, 'info' | 'warn' | 'error'>;
}

/**
 * Activation as a use case: checks a workflow's triggers, registers them, then records the
 * workflow as active in its store (Odoo's active_workflow / the embedded database), so the
 * store never says active for triggers that are not listening.
 */
export class ActivationService {
  constructor(private readonly options: ActivationServiceOptions) {}

  async activate(id: string): Promise<ActivationResult> {
    const stored = await this.storedOrThrow(id);
    // Activating again is how a changed definition goes live: never reuse a cached build.
    this.options.loader.invalidate(stored.id);
    const loaded = await this.options.loader.load(stored.id);
    const activatedAt = this.options.clock.now();
    await this.register(loaded, activatedAt);
    try {
      await this.options.workflows.setActive(stored.id, true, activatedAt);
    } catch (error) {
      this.unregister(stored.id);
      throw error;
    }
    this.options.logger.info('workflow activated', { workflowId: stored.workflowId, canvasId: stored.id });
    return { id: stored.id, active: true, activatedAt: activatedAt.toISOString() };
  }

  async deactivate(id: string): Promise<ActivationResult> {
    const stored = await this.storedOrThrow(id);
    this.unregister(stored.id);
    await this.options.workflows.setActive(stored.id, false, this.options.clock.now());
    this.options.logger.info('workflow deactivated', { workflowId: stored.workflowId, canvasId: stored.id });
    return { id: stored.id, active: false, activatedAt: null };
  }

  /**
   * Start-up: registers every workflow the store says is active, each with its original
   * activation time (so a slot missed while the service was down is caught up once). A
   * workflow that no longer activates is logged and left for its owner to fix.
   */
  async restoreActive(): Promise<RestoreReport> {
    const report: RestoreReport = { activated: [], failed: [], caughtUp: [] };
    for (const stored of (await this.options.workflows.list()).filter((workflow) => workflow.active)) {
      try {
        const loaded = await this.options.loader.load(stored.id);
        report.caughtUp.push(...(await this.register(loaded, stored.activatedAt ?? this.options.clock.now())));
        report.activated.push(stored.id);
      } catch (error) {
        report.failed.push({ id: stored.id, error: errorMessage(error) });
        this.options.logger.error('active workflow could not be registered at start-up', { workflowId: stored.workflowId, canvasId: stored.id, error: errorMessage(error) });
      }
    }
    return report;
  }

  /** Shutdown: timers stop; webhooks stay answerable until the server closes. */
  stop(): void {
    this.options.scheduler.stop();
  }

  private async storedOrThrow(id: string): Promise<StoredWorkflow> {
    const stored = await this.options.workflows.get(id);
    if (stored === undefined) throw new NotFoundError(`Workflow "${id}" was not found`);
    return stored;
  }

  private async register(loaded: LoadedWorkflow, activatedAt: Date): Promise<FiredSlot[]> {
    const plan = planTriggers(loaded, { defaultTimezone: this.options.defaultTimezone, activatedAt });
    const canvasId = loaded.stored.id;
    // Checked and swapped with no await in between, so two activations cannot both take a path.
    const conflict = this.options.webhooks.findConflict(canvasId, plan.webhooks);
    if (conflict !== undefined) {
      const owner = conflict.owner.loaded.workflow;
      const where = conflict.owner.canvasId === canvasId ? 'another Webhook node of this workflow' : `active workflow ${describeWorkflow({ name: owner.name, id: conflict.owner.canvasId })}`;
      throw new ConflictError(
        `Workflow ${describeWorkflow({ name: loaded.workflow.name, id: canvasId })} cannot be activated: the webhook "${conflict.method} ${conflict.path}" of node "${conflict.nodeName}" is already used by ${where}`,
      );
    }
    const formConflict = this.options.forms?.findConflict(canvasId, plan.forms);
    if (formConflict !== undefined) {
      const owner = formConflict.owner.loaded.workflow;
      const where = formConflict.owner.canvasId === canvasId ? 'another Form Trigger of this workflow' : `active workflow ${describeWorkflow({ name: owner.name, id: formConflict.owner.canvasId })}`;
      throw new ConflictError(
        `Workflow ${describeWorkflow({ name: loaded.workflow.name, id: canvasId })} cannot be activated: the form path "${formConflict.path}" of node "${formConflict.nodeName}" is already used by ${where}`,
      );
    }
    this.options.webhooks.replace(canvasId, plan.webhooks);
    this.options.forms?.replace(canvasId, plan.forms);
    return this.options.scheduler.replace(canvasId, plan.schedules);
  }

  private unregister(canvasId: string): void {
    this.options.webhooks.remove(canvasId);
    this.options.forms?.remove(canvasId);
    this.options.scheduler.remove(canvasId);
  }
}
