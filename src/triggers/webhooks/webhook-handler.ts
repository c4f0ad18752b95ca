import type { IncomingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';
import { InlineBinaryStore } from '../../binary';
import type { BinaryStore } from '../../binary';
import type { Item } from '../../contracts/run-data';
import type { CredentialProvider } from '../../contracts/node-services';
import { NotFoundError, errorMessage } from '../../errors';
import type { ExecutionService } from '../../executions/execution-service';
import type { LogSink } from '../../logging';
import type { ExecutionSummary } from '../../store/types';
import type { JsonObject } from '../../workflow/json';
import type { Clock } from '../clock';
import {
  afterRunReply,
  checkWebhookAuth,
  jsonReply,
  MISSING_AUTH_DATA,
  resolveWebhookAuth,
  storedCredentials,
  onReceivedReply,
  RESPONSE_TIMEOUT,
  ResponseChannel,
  runFailed,
  verifiedJwtPayload,
  type WebhookReply,
} from '../../nodes/webhook';
import { readWebhookBody } from './incoming-body';
import { newExecutionId } from '../../ids';
import type { StoredWebhookAuth, WebhookConfig } from './webhook-config';
import { normalizeWebhookPath } from './webhook-path';
import type { WebhookMatch, WebhookRegistry } from './webhook-registry';

/** A webhook call as the HTTP layer hands it over: no express types past this point. */
export interface WebhookCall {
  method: string;
  /** The path after `/webhook/`, still percent-encoded. */
  path: string;
  headers: IncomingHttpHeaders;
  query: JsonObject;
  /** The bytes, or the request itself: uploads are streamed to the binary store. */
  body: Buffer | Readable;
}

export interface WebhookHandlerOptions {
  registry: WebhookRegistry;
  service: Pick<ExecutionService, 'start' | 'takeRecord'>;
  publicUrl: string;
  /** WEBHOOK_RESPONSE_TIMEOUT_MS: how long a caller waits for lastNode / responseNode. */
  responseTimeoutMs: number;
  clock: Clock;
  logger: Pick<LogSink, 'warn' | 'debug'> & { isLevelEnabled?(level: string): boolean };
  /** Where uploads go and stored files are read from (absent: inline only). */
  binary?: BinaryStore;
  /** MAX_BODY_BYTES: JSON, form and text bodies read into memory (default 16 MiB). */
  maxBodyBytes?: number;
  /** Where basic/header auth secrets referenced by `{id, name}` are decrypted. */
  credentials?: CredentialProvider;
}

/**
 * How a matched call runs: production webhooks (`/webhook/`) or a test call (`/webhook-test/`,
 * n8n's editor URL: a `manual` run whose item says `executionMode: "test"`).
 */
export interface WebhookRunFlavour {
  mode: 'production' | 'manual';
  urlPrefix: 'webhook' | 'webhook-test';
  /** Stored as the execution's request id, so whoever listened can find the run. */
  requestId?: string;
}

function usesJwt(auth: WebhookConfig['auth'] | StoredWebhookAuth): boolean {
  return auth.kind === 'jwtAuth' || (auth.kind === 'stored' && auth.of === 'jwtAuth');
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

const PRODUCTION: WebhookRunFlavour = { mode: 'production', urlPrefix: 'webhook' };

function notRegistered(method: string, path: string, registeredMethods: string[]): NotFoundError {
  if (registeredMethods.length === 0) return new NotFoundError(`The requested webhook "${method} ${path}" is not registered.`);
  const methods = registeredMethods.length === 1 ? registeredMethods[0] : `${registeredMethods.slice(0, -1).join(', ')} or ${registeredMethods[registeredMethods.length - 1]}`;
  return new NotFoundError(`This webhook is not registered for ${method} requests. Did you mean to make a ${methods} request?`);
}

/**
 * Production webhooks: finds the active Webhook node for a call, checks its
 * authentication, starts the run in `production` mode and answers as the node's
 * response mode says. It holds no run logic: the ExecutionService runs and stores.
 */
export class WebhookHandler {
  constructor(private readonly options: WebhookHandlerOptions) {}

  /** n8n's answer refusing the call, or undefined to let it in. */
  async checkAuth(match: WebhookMatch, call: WebhookCall): Promise<WebhookReply | undefined> {
    const { config, loaded } = match.registration;
    if (config.auth.kind !== 'stored') return checkWebhookAuth(config.auth, call.headers);
    const node = loaded.workflow.nodes.get(config.nodeName);
    const lookup = storedCredentials(this.options.credentials, (type, error) =>
      this.options.logger.warn('webhook credentials unusable: the call is refused', { workflowId: loaded.stored.workflowId, node: config.nodeName, credentialType: type, error: errorMessage(error) }),
    );
    const auth = await resolveWebhookAuth(config.auth.of, node, lookup);
    return auth === undefined ? MISSING_AUTH_DATA() : checkWebhookAuth(auth, call.headers);
  }

  async handle(call: WebhookCall): Promise<WebhookReply> {
    const method = call.method.toUpperCase();
    const path = normalizeWebhookPath(call.path);
    const match = this.options.registry.match(method, path);
    if (match === undefined) throw notRegistered(method, path, this.options.registry.methodsFor(path));
    const refusal = await this.checkAuth(match, call);
    if (refusal !== undefined) return refusal;
    return this.run(call, match, PRODUCTION);
  }

  /** Runs a matched call whose authentication passed, and answers as its response mode says. */
  async run(call: WebhookCall, match: WebhookMatch, flavour: WebhookRunFlavour): Promise<WebhookReply> {
    const method = call.method.toUpperCase();
    const { config } = match.registration;
    const executionId = newExecutionId();
    const store = this.options.binary ?? new InlineBinaryStore();
    let started: Awaited<ReturnType<WebhookHandlerOptions['service']['start']>>;
    const channel = config.responseMode === 'responseNode' ? new ResponseChannel() : undefined;
    try {
      const item = await this.triggerItem(call, match, executionId, store, flavour);
      started = await this.options.service.start({
        executionId,
        loaded: match.registration.loaded,
        mode: flavour.mode,
        ...(flavour.requestId === undefined ? {} : { requestId: flavour.requestId }),
        triggerItems: [item],
        startNode: config.nodeName,
        services: { webhookRequest: { method }, ...(channel === undefined ? {} : { webhookResponse: channel }) },
        keepRecord: config.responseMode === 'lastNode',
      });
    } catch (error) {
      // A refused or broken upload, or a run that could not start: its files go too.
      await store.deleteExecutions([executionId]).catch(() => undefined);
      throw error;
    }
    // A debug line per call costs formatting even when filtered out: ask first (hot path).
    if (this.options.logger.isLevelEnabled?.('debug') !== false) this.options.logger.debug('webhook call started an execution', { executionId: started.executionId, workflowId: match.registration.loaded.stored.workflowId, node: config.nodeName });
    if (config.responseMode === 'onReceived') return onReceivedReply(config);
    const outcome = await this.firstOf(started.done, channel);
    if (outcome.kind === 'timeout') {
      this.options.logger.warn('webhook response timed out; the execution continues', { executionId: started.executionId, node: config.nodeName });
      // Nobody will read the record kept for a lastNode answer: release it when the run ends.
      if (config.responseMode === 'lastNode') void started.done.then(() => this.options.service.takeRecord(started.executionId)).catch(() => undefined);
      return jsonReply(504, RESPONSE_TIMEOUT);
    }
    if (outcome.kind === 'reply') {
      return { statusCode: outcome.reply.statusCode, headers: outcome.reply.headers, body: outcome.reply.body };
    }
    return this.afterRun(config, started.executionId, outcome.summary);
  }

  private async triggerItem(call: WebhookCall, match: WebhookMatch, executionId: string, store: BinaryStore, flavour: WebhookRunFlavour): Promise<Item> {
    const { config } = match.registration;
    const parsed = await readWebhookBody(call.body, call.headers, { ...config, target: `webhook node "${config.nodeName}"` }, {
      store,
      executionId,
      maxBodyBytes: this.options.maxBodyBytes ?? 16 * 1024 * 1024,
    });
    const item: Item = {
      json: {
        headers: headersAsJson(call.headers),
        params: match.params,
        query: call.query,
        body: parsed.body,
        webhookUrl: `${this.options.publicUrl}/${flavour.urlPrefix}/${config.path}`,
        // n8n's Webhook node: `test` for a manual (editor) run, else `production`.
        executionMode: flavour.mode === 'manual' ? 'test' : 'production',
      },
    };
    // The token passed checkAuth: its payload goes on the item, as n8n's Webhook node does.
    const jwtPayload = usesJwt(config.auth) ? verifiedJwtPayload(single(call.headers.authorization)) : undefined;
    if (jwtPayload) item.json.jwtPayload = jwtPayload;
    if (parsed.binary !== undefined) item.binary = parsed.binary;
    return item;
  }

  /** A run that ended before (or without) a Respond to Webhook node answering. */
  private async afterRun(config: WebhookConfig, executionId: string, summary: ExecutionSummary): Promise<WebhookReply> {
    const record = config.responseMode === 'lastNode' ? await this.options.service.takeRecord(executionId) : undefined;
    const store = this.options.binary;
    return afterRunReply(config, record?.data, runFailed(summary.status, record?.data), store === undefined ? undefined : (binary) => store.toStream(binary));
  }

  private firstOf(
    done: Promise<ExecutionSummary>,
    channel: ResponseChannel | undefined,
  ): Promise<{ kind: 'finished'; summary: ExecutionSummary } | { kind: 'reply'; reply: Awaited<ResponseChannel['reply']> } | { kind: 'timeout' }> {
    return new Promise((resolve) => {
      const timer = this.options.clock.setTimer(() => resolve({ kind: 'timeout' }), this.options.responseTimeoutMs);
      const settle = (value: { kind: 'finished'; summary: ExecutionSummary } | { kind: 'reply'; reply: Awaited<ResponseChannel['reply']> }) => {
        timer.cancel();
        resolve(value);
      };
      channel?.reply.then((reply) => settle({ kind: 'reply', reply }));
      // A reply sent during the run's last node resolves first: both settle in one tick.
      done.then((summary) => setImmediate(() => settle({ kind: 'finished', summary })));
    });
  }
}

function headersAsJson(headers: IncomingHttpHeaders): JsonObject {
  const json: JsonObject = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) json[name] = value;
  }
  return json;
}
