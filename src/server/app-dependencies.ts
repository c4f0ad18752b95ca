import type { BinaryStore } from '../binary';
import type { CredentialVault } from '../credentials';
import type { BacklogStatus } from '../executions/backlog-bound';
import type { ExecutionService } from '../executions/execution-service';
import type { Logger } from '../logging';
import type { Metrics } from '../metrics/metrics';
import type { QueueSnapshot } from '../queue/queue-mode';
import type { ExecutionStore, WorkflowStore } from '../store/types';
import type { ActivationService } from '../triggers/activation/activation-service';
import type { Scheduler } from '../triggers/schedules/scheduler';
import type { WebhookHandler } from '../triggers/webhooks/webhook-handler';
import type { TestWebhooks } from '../triggers/webhooks/test-webhooks';
import type { ResumeWebhookHandler } from '../waiting';
import type { CanvasTransfer } from './transfer/canvas-transfer';
import type { FormHandler } from '../triggers/forms/form-handler';
import type { FormWaitingHandler } from '../triggers/forms/form-waiting-handler';

/** Whether the service still takes new work; false once shutdown began. */
export interface Lifecycle {
  readonly accepting: boolean;
}

/** Everything the HTTP layer calls. It holds no logic of its own: these are the use cases. */
export interface AppDependencies {
  apiKey: string;
  maxBodyBytes: number;
  metricsPublic: boolean;
  logger: Logger;
  service: ExecutionService;
  workflows: WorkflowStore;
  executions: ExecutionStore;
  activation: ActivationService;
  scheduler: Scheduler;
  webhooks: WebhookHandler;
  /** `/webhook-test/<path>` and `/form-test/<path>` while a user listens (n8n's test URLs). */
  testWebhooks: TestWebhooks;
  resumeWebhook: ResumeWebhookHandler;
  /** `/form/<path>` and `/form-waiting/<executionId>`. */
  forms: FormHandler;
  formWaiting: FormWaitingHandler;
  transfer: CanvasTransfer;
  /** Encrypted credentials; absent when the mode has no credential store. */
  credentials?: CredentialVault;
  metrics: Metrics;
  /** Where stored binary data lives (downloads from node runs); absent: inline bytes only. */
  binary?: BinaryStore;
  /** Odoo mode: what the store still owes Odoo (/readyz, /outbox); absent in embedded mode. */
  backlog?: () => BacklogStatus;
  /** GET /queue: the execution queue's counts and workers (backend `none` in regular mode). */
  queue: { snapshot(): Promise<QueueSnapshot> };
  /** Resolves when the store answers; /readyz says 503 otherwise. */
  checkReady: () => Promise<void>;
  lifecycle: Lifecycle;
}
