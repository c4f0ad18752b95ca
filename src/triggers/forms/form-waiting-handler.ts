import type { WebhookReply } from '../../contracts/node-services';
import { AutomatorError, errorMessage } from '../../errors';
import type { ExecutionService } from '../../executions/execution-service';
import type { LogSink } from '../../logging/logger';
import type { Readable } from 'node:stream';
import { InlineBinaryStore } from '../../binary';
import { FORM_PAGE_STATE_KEY, FORM_TRIGGER_NODE_TYPE, readFormPageConfig, readSubmission, renderFormEnding, renderFormPage, type EndingFile, type FormPageConfig } from '../../nodes/form';
import { ancestorsNearestFirst, endingFiles } from './form-ending-files';
import { readFormBody } from './form-body';
import type { ExecutionRecord } from '../../store/types';
import { isJsonObject, type JsonObject } from '../../workflow/json';
import { followRun, parkedFormPage, submissionMeta, type FormEnding, type FormFlowDeps } from './form-flow';
import { completionReply, htmlReply, problemReply } from './form-replies';

/** One call to `/form-waiting/<executionId>`. */
export interface FormWaitingCall {
  executionId: string;
  method: string;
  /** The signature from the query string (the form URL carries it). */
  signature: string | undefined;
  headers: Record<string, string | string[] | undefined>;
  /** The request body (fields and files), read only when a submission is taken. */
  body: Readable;
}

export interface FormWaitingOptions extends FormFlowDeps {
  service: Pick<ExecutionService, 'resume'>;
  /** GENERIC_TIMEZONE, for `submittedAt` when the workflow sets none. */
  timezone: string;
  logger: Pick<LogSink, 'warn'>;
}

/**
 * The pages of a run parked on a form (Form node pages, Form Ending, Wait "On Form
 * Submitted"). GET shows the page; POST checks it on the server and resumes the run with
 * exactly the submitted fields (plus n8n's submittedAt and formMode), then follows the run to
 * its next page or its end. Showing a Form Ending resumes the run (nothing to submit).
 * The URL's signature is checked first, as for resume webhooks.
 */
export class FormWaitingHandler {
  constructor(private readonly options: FormWaitingOptions) {}

  async handle(call: FormWaitingCall): Promise<WebhookReply> {
    const { executionId } = call;
    if (!this.options.resumeTokens.verify(executionId, call.signature)) {
      return problemReply(403, 'Forbidden', 'This form link is incomplete or invalid: open the link you were given in full');
    }
    const record = await this.options.executions.get(executionId);
    if (record === undefined) return problemReply(404, 'Form not found', 'This form does not exist any more');
    // n8n shows a finished form's ending again (its own page polls and reloads it).
    if (record.status === 'success' && call.method === 'GET') return this.showEndedForm(record);
    if (record.status !== 'waiting') return problemReply(409, 'Form already submitted', 'This form has already been submitted or its workflow has ended');
    const parked = parkedFormPage(record);
    if (parked === undefined) return problemReply(404, 'Form not found', 'This execution is not waiting for a form');
    const { page } = parked;
    if (page.kind === 'completion') return this.complete(record, parked.node, page);
    const action = this.options.resumeTokens.formUrl(this.options.publicUrl, executionId);
    const form = { title: page.title, description: page.description, fields: page.fields, buttonLabel: page.buttonLabel, action, customCss: page.customCss };
    if (call.method === 'GET') return htmlReply(200, renderFormPage(form));
    if (call.method !== 'POST') return problemReply(405, 'Method not allowed', 'A form is read with GET and submitted with POST');
    // Files go under the execution itself (a refused page's uploads stay until it is pruned).
    const store = this.options.binary ?? new InlineBinaryStore();
    const body = await readFormBody({ stream: call.body, headers: call.headers }, `the form page of execution "${executionId}"`, { store, executionId, maxBodyBytes: this.options.maxBodyBytes ?? 16 * 1024 * 1024 });
    const submission = readSubmission(page.fields, body.values, body.files);
    if (!submission.ok) return htmlReply(400, renderFormPage({ ...form, errors: submission.errors, values: submission.values }));
    const json: JsonObject = { ...submission.json, ...submissionMeta(record.mode, zoneOf(record, this.options.timezone)) };
    try {
      const started = await this.options.service.resume(executionId, [submission.binary === undefined ? { json } : { json, binary: submission.binary }]);
      return await followRun(this.options, await started.done, endingOf(record));
    } catch (error) {
      if (error instanceof AutomatorError && (error.code === 'conflict' || error.code === 'not_found')) {
        return problemReply(409, 'Form already submitted', 'This form has already been submitted or its workflow has ended');
      }
      throw error;
    }
  }

  /**
   * A finished run's form link: the Form Ending it went through (the last node run, or its
   * nearest such parent), shown again without resuming anything; n8n's default page otherwise.
   */
  private async showEndedForm(record: ExecutionRecord): Promise<WebhookReply> {
    const last = record.data.resultData.lastNodeExecuted;
    const candidates = last === undefined ? [] : [last, ...ancestorsNearestFirst(record, last)];
    for (const node of candidates) {
      const page = readFormPageConfig(record.data.executionData?.nodeState?.[node]?.[FORM_PAGE_STATE_KEY]);
      if (page?.kind !== 'completion' || record.data.resultData.runData[node] === undefined) continue;
      const found = page.respondWith === 'returnBinary' ? await endingFiles(record, node, page.binaryFields ?? ['data'], this.options.binary) : { files: [] };
      return htmlReply(200, renderFormEnding(page, 'files' in found ? found.files : []));
    }
    return completionReply('Form Submitted', 'Your response has been recorded');
  }

  /**
   * Shows the Form Ending and lets the run go on past it (n8n resumes it from the page this
   * answers). Files a "Return Binary File" ending cannot find leave the run waiting.
   */
  private async complete(record: ExecutionRecord, node: string, page: FormPageConfig): Promise<WebhookReply> {
    let files: EndingFile[] = [];
    if (page.respondWith === 'returnBinary') {
      const found = await endingFiles(record, node, page.binaryFields ?? ['data'], this.options.binary);
      if ('missing' in found) return problemReply(500, 'Problem showing the form ending', `No binary data with field ${found.missing} found.`);
      files = found.files;
    }
    try {
      const started = await this.options.service.resume(record.id);
      void started.done.catch((error: unknown) => this.options.logger.warn('form execution failed to finish', { executionId: record.id, error: errorMessage(error) }));
    } catch (error) {
      if (!(error instanceof AutomatorError && error.code === 'conflict')) throw error;
    }
    return htmlReply(200, renderFormEnding(page, files));
  }
}

/** The Form Trigger's ending texts, when the workflow has one; n8n's default text otherwise. */
function endingOf(record: ExecutionRecord): FormEnding {
  const trigger = record.workflowData.nodes.find((node) => node.type === FORM_TRIGGER_NODE_TYPE);
  const options = isJsonObject(trigger?.parameters?.options) ? trigger.parameters.options : {};
  const respond = isJsonObject(options.respondWithOptions) && isJsonObject(options.respondWithOptions.values) ? options.respondWithOptions.values : {};
  const text = typeof respond.formSubmittedText === 'string' && respond.formSubmittedText !== '' ? respond.formSubmittedText : 'Your response has been recorded';
  return { submittedText: text };
}

function zoneOf(record: ExecutionRecord, fallback: string): string {
  const zone = record.workflowData.settings?.timezone;
  return typeof zone === 'string' && zone !== '' && zone !== 'DEFAULT' ? zone : fallback;
}
