import { randomUUID } from 'node:crypto';
import { BadRequestError, ConflictError, NotFoundError } from '../../errors';
import type { WorkflowLoader } from '../../executions/workflow-loader';
import type { LogSink } from '../../logging';
import type { WebhookReply } from '../../nodes/webhook';
import type { WorkflowStore } from '../../store/types';
import type { Clock, TimerHandle } from '../clock';
import { describeWorkflow, enabledNodesOfType, FORM_TRIGGER_NODE_TYPE, WEBHOOK_NODE_TYPE } from '../trigger-nodes';
import { readFormTriggerConfig } from '../forms/form-trigger-config';
import type { FormRegistration } from '../forms/form-registry';
import { FormRegistry } from '../forms/form-registry';
import { readWebhookConfig } from './webhook-config';
import type { WebhookCall, WebhookHandler } from './webhook-handler';
import { normalizeWebhookPath } from './webhook-path';
import { WebhookRegistry, type WebhookRegistration } from './webhook-registry';

/** n8n's TEST_WEBHOOK_TIMEOUT: a test URL listens for two minutes. */
export const TEST_WEBHOOK_TIMEOUT_MS = 120_000;

/** n8n's hint on a test URL nobody listens on. */
export const TEST_WEBHOOK_HINT =
  "Click the 'Execute workflow' button on the canvas, then try again. (In test mode, the webhook only works for one call after you click this button)";

/** One URL a listening canvas answers on. */
export interface TestWebhookUrl {
  node: string;
  /** `webhook` for a Webhook node, `form` for a Form Trigger. */
  kind: 'webhook' | 'form';
  methods: string[];
  path: string;
  url: string;
}

/** What `POST /canvas/:id/listen-test-webhook` answers. */
export interface TestListening {
  canvasId: string;
  workflowId: string;
  /** The run a test call starts is stored with the request id `test-webhook:<listenId>`. */
  listenId: string;
  requestId: string;
  expiresAt: string;
  webhooks: TestWebhookUrl[];
}

interface Session {
  listenId: string;
  timer: TimerHandle;
}

export interface TestWebhooksOptions {
  workflows: Pick<WorkflowStore, 'get'>;
  loader: Pick<WorkflowLoader, 'invalidate' | 'load'>;
  handler: Pick<WebhookHandler, 'checkAuth' | 'run'>;
  clock: Clock;
  publicUrl: string;
  /** How long a listen lasts (n8n: 120 s). */
  timeoutMs: number;
  logger: Pick<LogSink, 'info'>;
}

/** The request id a test call's execution is stored under, so Odoo can find it. */
export function testRequestId(listenId: string): string {
  return `test-webhook:${listenId}`;
}

/** n8n's 404 for a test URL: without the method when nothing listens on the path at all. */
export function testNotRegistered(method: string, path: string, methods: string[]): NotFoundError {
  if (methods.length === 0) return new NotFoundError(`The requested webhook "${path}" is not registered.`, TEST_WEBHOOK_HINT);
  const listed = methods.length === 1 ? methods[0] : `${methods.slice(0, -1).join(', ')} or ${methods[methods.length - 1]}`;
  return new NotFoundError(`This webhook is not registered for ${method} requests. Did you mean to make a ${listed} request?`);
}

/**
 * n8n's test webhooks: a user listens from the editor (here: Odoo), and the workflow's Webhook
 * nodes answer on `/webhook-test/<path>` (its Form Triggers on `/form-test/<path>`) for one call
 * within the timeout, active or not. That call runs in `manual` mode with the definition as it
 * is now (not the activated one); then every test URL of the workflow stops listening, as
 * n8n's deactivateWebhooks after a test call.
 */
export class TestWebhooks {
  readonly webhooks = new WebhookRegistry();
  readonly forms = new FormRegistry();
  private readonly sessions = new Map<string, Session>();

  constructor(private readonly options: TestWebhooksOptions) {}

  async listen(id: string): Promise<TestListening> {
    const stored = await this.options.workflows.get(id);
    if (stored === undefined) throw new NotFoundError(`Workflow "${id}" was not found`);
    // A test runs what the user sees now, never a cached build.
    this.options.loader.invalidate(stored.id);
    const loaded = await this.options.loader.load(stored.id);
    const { workflow } = loaded;
    const canvasId = stored.id;
    const webhooks: WebhookRegistration[] = enabledNodesOfType(workflow, WEBHOOK_NODE_TYPE).map((node) => ({ canvasId, config: readWebhookConfig(workflow, node), loaded }));
    const forms: FormRegistration[] = enabledNodesOfType(workflow, FORM_TRIGGER_NODE_TYPE).map((node) => ({ canvasId, config: readFormTriggerConfig(workflow, node), loaded }));
    const described = describeWorkflow({ name: workflow.name, id: canvasId });
    if (webhooks.length === 0 && forms.length === 0) {
      throw new BadRequestError(`Workflow ${described} has no enabled Webhook or Form Trigger node to listen for a test call`);
    }
    const conflict = this.webhooks.findConflict(canvasId, webhooks);
    if (conflict !== undefined) {
      const where = conflict.owner.canvasId === canvasId ? 'another Webhook node of this workflow' : `workflow ${describeWorkflow({ name: conflict.owner.loaded.workflow.name, id: conflict.owner.canvasId })}, which is listening for a test call`;
      throw new ConflictError(`Workflow ${described} cannot listen for a test call: the test webhook "${conflict.method} ${conflict.path}" of node "${conflict.nodeName}" is already used by ${where}`);
    }
    const formConflict = this.forms.findConflict(canvasId, forms);
    if (formConflict !== undefined) {
      throw new ConflictError(`Workflow ${described} cannot listen for a test call: the test form path "${formConflict.path}" of node "${formConflict.nodeName}" is already used by workflow ${describeWorkflow({ name: formConflict.owner.loaded.workflow.name, id: formConflict.owner.canvasId })}`);
    }
    this.stopListening(canvasId);
    const listenId = randomUUID();
    this.webhooks.replace(canvasId, webhooks);
    this.forms.replace(canvasId, forms);
    const timer = this.options.clock.setTimer(() => {
      if (this.sessions.get(canvasId)?.listenId !== listenId) return;
      this.stopListening(canvasId);
      this.options.logger.info('test webhook listening expired', { canvasId });
    }, this.options.timeoutMs);
    this.sessions.set(canvasId, { listenId, timer });
    this.options.logger.info('listening for a test call', { canvasId, workflowId: stored.workflowId });
    return {
      canvasId,
      workflowId: stored.workflowId,
      listenId,
      requestId: testRequestId(listenId),
      expiresAt: new Date(this.options.clock.now().getTime() + this.options.timeoutMs).toISOString(),
      webhooks: [
        ...webhooks.map(({ config }) => ({ node: config.nodeName, kind: 'webhook' as const, methods: config.methods, path: config.path, url: `${this.options.publicUrl}/webhook-test/${config.path}` })),
        ...forms.map(({ config }) => ({ node: config.nodeName, kind: 'form' as const, methods: ['GET', 'POST'], path: config.path, url: `${this.options.publicUrl}/form-test/${config.path}` })),
      ],
    };
  }

  /** Stops listening (n8n's DELETE /test-webhook/:workflowId); false when nothing listened. */
  cancel(canvasId: string): boolean {
    return this.stopListening(canvasId);
  }

  isListening(canvasId: string): boolean {
    return this.sessions.has(canvasId);
  }

  /** A call to `/webhook-test/<path>`: runs once for the listening canvas, else n8n's 404. */
  async handle(call: WebhookCall): Promise<WebhookReply> {
    const method = call.method.toUpperCase();
    const path = normalizeWebhookPath(call.path);
    const match = this.webhooks.match(method, path);
    if (match === undefined) throw testNotRegistered(method, path, this.webhooks.methodsFor(path));
    const canvasId = match.registration.canvasId;
    const listenId = this.sessions.get(canvasId)?.listenId;
    // A refused call starts nothing and, as in n8n, leaves the URL listening.
    const refusal = await this.options.handler.checkAuth(match, call);
    if (refusal !== undefined) return refusal;
    const session = this.claim(canvasId, listenId);
    if (session === undefined) throw testNotRegistered(method, path, this.webhooks.methodsFor(path));
    return this.options.handler.run(call, match, { mode: 'manual', urlPrefix: 'webhook-test', requestId: testRequestId(session.listenId) });
  }

  /**
   * Takes the canvas' listening for one run (a form submission or a webhook call): every test
   * URL of the workflow stops at once, so a second call gets 404. Undefined when another call
   * took it first (or the listen expired or was renewed meanwhile).
   */
  claim(canvasId: string, listenId: string | undefined): Session | undefined {
    const session = this.sessions.get(canvasId);
    if (session === undefined || listenId === undefined || session.listenId !== listenId) return undefined;
    this.stopListening(canvasId);
    return session;
  }

  /** Listening session of the canvas a test form belongs to. */
  listenIdOf(canvasId: string): string | undefined {
    return this.sessions.get(canvasId)?.listenId;
  }

  /** Shutdown: no timer outlives the service. */
  stop(): void {
    for (const canvasId of [...this.sessions.keys()]) this.stopListening(canvasId);
  }

  private stopListening(canvasId: string): boolean {
    const session = this.sessions.get(canvasId);
    session?.timer.cancel();
    this.sessions.delete(canvasId);
    this.webhooks.remove(canvasId);
    this.forms.remove(canvasId);
    return session !== undefined;
  }
}
