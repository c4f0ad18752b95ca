import type { CredentialProvider, WebhookReply } from '../../contracts/node-services';
import { errorMessage } from '../../errors';
import type { ExecutionService } from '../../executions/execution-service';
import type { LogSink } from '../../logging/logger';
import type { Readable } from 'node:stream';
import { InlineBinaryStore } from '../../binary';
import { newExecutionId } from '../../ids';
import { readSubmission, renderFormPage, type FormPage } from '../../nodes/form';
import { MISSING_AUTH_DATA, checkWebhookAuth, looksLikeBot, resolveWebhookAuth, storedCredentials, type RequestHeaders } from '../../nodes/webhook';
import type { JsonObject } from '../../workflow/json';
import { normalizeWebhookPath } from '../webhooks/webhook-path';
import { readFormBody } from './form-body';
import { followRun, submissionMeta, type FormFlowDeps } from './form-flow';
import { completionReply, htmlReply, problemReply, seeOther } from './form-replies';
import type { FormRegistration, FormRegistry } from './form-registry';
import { testRequestId } from '../webhooks/test-webhooks';

/** One call to `/form/<path>`, as the HTTP layer parsed it. */
export interface FormCall {
  method: string;
  path: string;
  headers: RequestHeaders;
  query: JsonObject;
  /** The request body (a POST's fields and files), read only when a submission is taken. */
  body: Readable;
}

/** The listening side of `/form-test/<path>` (n8n's test form URL): see TestWebhooks. */
export interface TestForms {
  readonly forms: Pick<FormRegistry, 'match'>;
  listenIdOf(canvasId: string): string | undefined;
  claim(canvasId: string, listenId: string | undefined): { listenId: string } | undefined;
}

export interface FormHandlerOptions extends FormFlowDeps {
  registry: FormRegistry;
  /** Test forms; absent: `/form-test/` answers n8n's 404. */
  tests?: TestForms;
  service: Pick<ExecutionService, 'start'>;
  /** Stored credentials (a node's `credentials.httpBasicAuth: {id, name}`). */
  credentials?: CredentialProvider;
  /** GENERIC_TIMEZONE, for `submittedAt` when the workflow sets none. */
  timezone: string;
  logger: Pick<LogSink, 'warn'>;
}

/**
 * n8n's Form Trigger over HTTP: GET shows the form, POST checks the submission on the server
 * (a refused one comes back with a message per field, nothing started), starts a production
 * run with n8n's item and answers with the completion text, or follows the run to its next
 * form page.
 */
export class FormHandler {
  constructor(private readonly options: FormHandlerOptions) {}

  async handle(call: FormCall): Promise<WebhookReply> {
    const registration = this.options.registry.match(normalizeWebhookPath(call.path));
    if (registration === undefined) return problemReply(404, NO_FORM.title, NO_FORM.message);
    return this.serve(call, registration, undefined);
  }

  /**
   * `/form-test/<path>`: the form of a workflow listening for a test call. Showing it costs
   * nothing; the first valid submission takes the listening and runs in `manual` mode
   * (`formMode: "test"`), as n8n's test form URL.
   */
  async handleTest(call: FormCall): Promise<WebhookReply> {
    const path = normalizeWebhookPath(call.path);
    const registration = this.options.tests?.forms.match(path);
    if (registration === undefined) return problemReply(404, NOT_LISTENING.title, NOT_LISTENING.message);
    return this.serve(call, registration, this.options.tests);
  }

  private async serve(call: FormCall, registration: FormRegistration, tests: TestForms | undefined): Promise<WebhookReply> {
    const { config } = registration;
    const listenId = tests?.listenIdOf(registration.canvasId);
    if (config.ignoreBots && looksLikeBot(call.headers)) return problemReply(403, 'Forbidden', 'Forms do not answer bots');
    const refused = await this.checkAuth(registration, call.headers);
    if (refused !== undefined) return refused;
    const action = `${this.options.publicUrl}/${tests === undefined ? 'form' : 'form-test'}/${config.path}`;
    const page = { title: config.title, description: config.description, fields: config.fields, buttonLabel: config.buttonLabel, action, customCss: config.customCss };
    if (call.method === 'GET') return htmlReply(200, renderFormPage(page));
    if (call.method !== 'POST') return problemReply(405, 'Method not allowed', 'A form is read with GET and submitted with POST');
    return this.submit(call, registration, page, tests, listenId);
  }

  /**
   * A POST: its files go to the binary store under the run's id-to-be (and away again when
   * nothing runs), the fields are checked, then the run starts with n8n's item.
   */
  private async submit(call: FormCall, registration: FormRegistration, page: FormPage, tests: TestForms | undefined, listenId: string | undefined): Promise<WebhookReply> {
    const { config } = registration;
    const executionId = newExecutionId();
    const store = this.options.binary ?? new InlineBinaryStore();
    const discard = () => store.deleteExecutions([executionId]).catch(() => undefined);
    let started: Awaited<ReturnType<FormHandlerOptions['service']['start']>>;
    try {
      const body = await readFormBody({ stream: call.body, headers: call.headers }, `form "${config.nodeName}"`, { store, executionId, maxBodyBytes: this.options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES });
      const submission = readSubmission(config.fields, body.values, body.files);
      if (!submission.ok) {
        await discard();
        return htmlReply(400, renderFormPage({ ...page, errors: submission.errors, values: submission.values }));
      }
      const zone = config.useWorkflowTimezone ? workflowZone(registration, this.options.timezone) : 'UTC';
      const mode = tests === undefined ? 'production' : 'manual';
      const json: JsonObject = { ...submission.json, ...submissionMeta(mode, zone) };
      if (Object.keys(call.query).length > 0) json.formQueryParameters = call.query;
      let requestId: string | undefined;
      if (tests !== undefined) {
        // One submission per listen: a second one (or one after expiry) gets n8n's 404.
        const session = tests.claim(registration.canvasId, listenId);
        if (session === undefined) return problemReply(404, NOT_LISTENING.title, NOT_LISTENING.message);
        requestId = testRequestId(session.listenId);
      }
      const item = submission.binary === undefined ? { json } : { json, binary: submission.binary };
      started = await this.options.service.start({ executionId, loaded: registration.loaded, mode, triggerItems: [item], startNode: config.nodeName, ...(requestId === undefined ? {} : { requestId }) });
    } catch (error) {
      await discard();
      throw error;
    }
    const ending = { submittedText: config.submittedText, redirectUrl: config.redirectUrl, customCss: config.customCss };
    if (config.responseMode === 'onReceived' && !config.hasPages) {
      void started.done.catch((error: unknown) => this.options.logger.warn('form execution failed to finish', { executionId: started.executionId, error: errorMessage(error) }));
      return ending.redirectUrl === undefined ? completionReply('Form Submitted', config.submittedText, config.customCss) : seeOther(ending.redirectUrl);
    }
    return followRun(this.options, await started.done, ending);
  }

  /** Basic auth as n8n's form: credentials inline on the node, or stored and referenced by id/name. */
  private async checkAuth(registration: FormRegistration, headers: RequestHeaders): Promise<WebhookReply | undefined> {
    if (registration.config.authentication === 'none') return undefined;
    const node = registration.loaded.workflow.nodes.get(registration.config.nodeName);
    const lookup = storedCredentials(this.options.credentials, (type, error) =>
      this.options.logger.warn('form credentials unusable: the call is refused', { node: registration.config.nodeName, credentialType: type, error: errorMessage(error) }),
    );
    const auth = await resolveWebhookAuth('basicAuth', node, lookup);
    if (auth === undefined) return MISSING_AUTH_DATA();
    return checkWebhookAuth(auth, headers);
  }
}

const DEFAULT_MAX_BODY_BYTES = 16 * 1024 * 1024;

/** n8n's 404 form pages (its form-trigger-404 template), production and test. */
const NO_FORM = { title: 'Problem loading form', message: 'This usually occurs if the n8n workflow serving this form is deactivated or no longer exist' };
const NOT_LISTENING = { title: "Form Trigger isn't listening yet", message: 'Click "Listen for test call" on the workflow (n8n: the "Execute step" button of the form trigger), then open this form again' };

function workflowZone(registration: FormRegistration, fallback: string): string {
  const zone = registration.loaded.workflow.settings.timezone;
  return typeof zone === 'string' && zone !== '' && zone !== 'DEFAULT' ? zone : fallback;
}
