import { NodeOperationError } from '../../errors';
import type { JsonValue } from '../../workflow/json';
import type { NodeContext } from '../../contracts/node-type';
import { FORM_TRIGGER_NODE_TYPE } from './form-trigger-node';
import { isFormEndingKind, pageTexts, type FormPageConfig } from './page-config';

const SAFE_PROTOCOLS = ['http:', 'https:', 'ftp:', 'file:'];

/**
 * n8n's validateSafeRedirectUrl: a URL without a scheme gets `https://`; one that does not
 * parse, or uses another scheme (javascript:, data:...), is no redirect at all.
 */
export function safeRedirectUrl(value: string): string | undefined {
  const trimmed = value.trim();
  if (trimmed === '') return undefined;
  const candidate = trimmed.includes('://') ? trimmed : `https://${trimmed}`;
  try {
    return SAFE_PROTOCOLS.includes(new URL(candidate).protocol) ? candidate : undefined;
  } catch {
    return undefined;
  }
}

const textParam = (ctx: NodeContext, name: string): string => {
  const value = ctx.getParam<JsonValue>(name, 0, '');
  return value === null || value === undefined ? '' : String(value);
};

/** The Form Trigger's own title, the completion page's title when the ending sets none (n8n). */
function triggerTitle(ctx: NodeContext): string | undefined {
  for (const node of ctx.workflow.nodes.values()) {
    const title = node.type === FORM_TRIGGER_NODE_TYPE ? node.parameters.formTitle : undefined;
    if (typeof title === 'string' && title !== '' && !title.startsWith('=')) return title;
  }
  return undefined;
}

/**
 * The Form Ending's page as n8n's "On n8n Form Submission" sets it: the completion screen
 * (title and message), a redirect, a page of the node's own HTML, or the input's binary files
 * handed to the person (their field names, comma-separated as in n8n).
 */
export function formEndingPage(ctx: NodeContext): FormPageConfig {
  const respondWith = ctx.getParam<JsonValue>('respondWith', 0, 'text');
  if (!isFormEndingKind(respondWith)) {
    throw new NodeOperationError(ctx.node.name, `Unknown "On n8n Form Submission" option "${String(respondWith)}": use text, redirect, showText or returnBinary`);
  }
  const completionTitle = respondWith === 'text' || respondWith === 'returnBinary' ? textParam(ctx, 'completionTitle') : '';
  const texts = pageTexts(ctx, triggerTitle(ctx) ?? completionTitle);
  const page: FormPageConfig = { kind: 'completion', ...texts, fields: [], respondWith, completionTitle };
  if (respondWith === 'text' || respondWith === 'returnBinary') page.completionMessage = textParam(ctx, 'completionMessage');
  if (respondWith === 'showText') page.responseText = textParam(ctx, 'responseText');
  if (respondWith === 'redirect') {
    const url = safeRedirectUrl(textParam(ctx, 'redirectUrl'));
    if (url !== undefined) page.redirectUrl = url;
  }
  if (respondWith === 'returnBinary') {
    const raw = textParam(ctx, 'inputDataFieldName') || 'data';
    const names = raw.split(',').map((name) => name.trim()).filter(Boolean);
    page.binaryFields = names.length > 0 ? names : [raw];
  }
  return page;
}
