import { DateTime } from 'luxon';
import type { BinaryStore } from '../../binary';
import type { WebhookReply } from '../../contracts/node-services';
import type { ResumeTokens } from '../../executions/resume-tokens';
import { FORM_PAGE_STATE_KEY, readFormPageConfig, type FormPageConfig } from '../../nodes/form';
import type { ExecutionRecord, ExecutionStore, ExecutionSummary } from '../../store/types';
import type { JsonObject } from '../../workflow/json';
import { completionReply, problemReply, seeOther } from './form-replies';

/** What the form routes share to follow a run after a submission. */
export interface FormFlowDeps {
  executions: Pick<ExecutionStore, 'get'>;
  /** Where uploaded files go (absent: kept inline, base64 on the item). */
  binary?: BinaryStore;
  /** MAX_BODY_BYTES: the text fields of a submission read into memory. */
  maxBodyBytes?: number;
  resumeTokens: ResumeTokens;
  /** Base of the form-waiting URLs, without a trailing slash. */
  publicUrl: string;
}

/** The form page a waiting execution is parked at: the head of its run stack, if it is one. */
export function parkedFormPage(record: ExecutionRecord): { node: string; page: FormPageConfig } | undefined {
  const node = record.data?.executionData?.nodeExecutionStack?.[0]?.node;
  if (node === undefined) return undefined;
  const page = readFormPageConfig(record.data.executionData.nodeState?.[node]?.[FORM_PAGE_STATE_KEY]);
  return page === undefined ? undefined : { node, page };
}

/** n8n's item fields after the submitted ones: when, and whether a test or a production run. */
export function submissionMeta(mode: ExecutionSummary['mode'], zone: string): JsonObject {
  return { submittedAt: DateTime.now().setZone(zone).toISO() ?? new Date().toISOString(), formMode: mode === 'manual' ? 'test' : 'production' };
}

/** The end of a form's run as the person sees it. */
export interface FormEnding {
  submittedText: string;
  redirectUrl?: string;
  customCss?: string;
}

/**
 * After a submission, once the run has ended or parked: the next form page (a redirect to
 * `/form-waiting/<id>`), the completion text or redirect, or n8n's problem page.
 */
export async function followRun(deps: FormFlowDeps, summary: ExecutionSummary, ending: FormEnding): Promise<WebhookReply> {
  if (summary.status === 'waiting') {
    const record = await deps.executions.get(summary.id);
    if (record !== undefined && parkedFormPage(record) !== undefined) return seeOther(deps.resumeTokens.formUrl(deps.publicUrl, summary.id));
  } else if (summary.status !== 'success') {
    return problemReply(500, 'Problem executing workflow', 'There was a problem executing the workflow');
  }
  if (ending.redirectUrl !== undefined) return seeOther(ending.redirectUrl);
  return completionReply('Form Submitted', ending.submittedText, ending.customCss);
}
