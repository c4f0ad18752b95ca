import { NodeOperationError } from '../../errors';
import { isJsonObject, type JsonObject, type JsonValue } from '../../workflow/json';
import type { NodeContext } from '../../contracts/node-type';
import { FormFieldError, readFormFields, type FormField } from './fields';

/**
 * What a run parked at a form page shows and accepts (the Form node's "Next Form Page" and
 * "Form Ending", the Wait node's "On Form Submitted"). It travels in the node's state, saved
 * with the parked run, so `/form-waiting/<executionId>` can render and check it in any process,
 * without evaluating expressions again.
 */
export interface FormPageConfig {
  kind: 'page' | 'completion';
  title: string;
  description?: string;
  buttonLabel: string;
  fields: FormField[];
  customCss?: string;
  /** Form Ending: what the completion screen says. */
  completionTitle?: string;
  completionMessage?: string;
  /** Form Ending: n8n's "On n8n Form Submission" (absent: the completion screen). */
  respondWith?: FormEndingKind;
  /** Form Ending "Redirect to URL": where the person goes (n8n's safe URL, or none). */
  redirectUrl?: string;
  /** Form Ending "Show Text": the page's HTML. */
  responseText?: string;
  /** Form Ending "Return Binary File": the binary fields handed to the person, in order. */
  binaryFields?: string[];
}

export const FORM_ENDING_KINDS = ['text', 'redirect', 'showText', 'returnBinary'] as const;
export type FormEndingKind = (typeof FORM_ENDING_KINDS)[number];

export function isFormEndingKind(value: unknown): value is FormEndingKind {
  return typeof value === 'string' && (FORM_ENDING_KINDS as readonly string[]).includes(value);
}

/** The key under which a node parked on a form keeps its page in its node state. */
export const FORM_PAGE_STATE_KEY = 'resumeForm';

function text(value: JsonValue | undefined): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** The fields of a node's `formFields` parameter (or `jsonOutput` with "Using JSON"), checked. */
export function nodeFormFields(ctx: NodeContext): FormField[] {
  try {
    if (ctx.getParam<JsonValue>('defineForm', 0, 'fields') === 'json') {
      const raw = ctx.getParam<JsonValue>('jsonOutput', 0, '[]');
      const parsed: unknown = typeof raw === 'string' ? JSON.parse(raw) : raw;
      return readFormFields({ values: parsed as JsonValue }, ctx.node.typeVersion);
    }
    return readFormFields(ctx.getParam<JsonValue>('formFields', 0, { values: [] }), ctx.node.typeVersion);
  } catch (error) {
    const message = error instanceof FormFieldError || error instanceof SyntaxError ? error.message : String(error);
    throw new NodeOperationError(ctx.node.name, `The form fields are not usable: ${message}`);
  }
}

/** Keeps the page in the node's state for the resume route. */
export function parkOnForm(ctx: NodeContext, page: FormPageConfig): void {
  ctx.nodeState[FORM_PAGE_STATE_KEY] = JSON.parse(JSON.stringify(page)) as JsonObject;
}

/** Reads a parked page back; undefined when the node left none. */
export function readFormPageConfig(value: JsonValue | undefined): FormPageConfig | undefined {
  if (!isJsonObject(value) || !Array.isArray(value.fields) || (value.kind !== 'page' && value.kind !== 'completion')) return undefined;
  const page: FormPageConfig = {
    kind: value.kind,
    title: text(value.title) ?? '',
    buttonLabel: text(value.buttonLabel) ?? 'Submit',
    fields: value.fields as unknown as FormField[],
  };
  for (const key of ['description', 'customCss', 'completionTitle', 'completionMessage', 'redirectUrl', 'responseText'] as const) {
    const entry = text(value[key]);
    if (entry !== undefined) page[key] = entry;
  }
  if (isFormEndingKind(value.respondWith)) page.respondWith = value.respondWith;
  if (Array.isArray(value.binaryFields)) page.binaryFields = value.binaryFields.filter((field): field is string => typeof field === 'string');
  return page;
}

/** The options every form page shares: title, description, button label, custom CSS. */
export function pageTexts(ctx: NodeContext, fallbackTitle: string): Pick<FormPageConfig, 'title' | 'description' | 'buttonLabel' | 'customCss'> {
  const option = (name: string): string | undefined => text(ctx.getParam<JsonValue>(`options.${name}`, 0, ''));
  const texts: Pick<FormPageConfig, 'title' | 'description' | 'buttonLabel' | 'customCss'> = {
    title: option('formTitle') ?? text(ctx.getParam<JsonValue>('formTitle', 0, '')) ?? fallbackTitle,
    buttonLabel: option('buttonLabel') ?? 'Submit',
  };
  const description = option('formDescription') ?? text(ctx.getParam<JsonValue>('formDescription', 0, ''));
  if (description !== undefined) texts.description = description;
  const css = option('customCss');
  if (css !== undefined) texts.customCss = css;
  return texts;
}
