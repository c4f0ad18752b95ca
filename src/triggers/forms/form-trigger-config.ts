import { WorkflowValidationError } from '../../errors';
import { FORM_NODE_TYPE, FormFieldError, readFormFields, type FormField } from '../../nodes/form';
import { isJsonObject, type JsonObject, type JsonValue } from '../../workflow/json';
import type { Workflow, WorkflowNode } from '../../workflow/types';
import { normalizeWebhookPath } from '../webhooks/webhook-path';

/** A Form Trigger's parameters, read once at activation (n8n Form Trigger v2 to 2.6). */
export interface FormTriggerConfig {
  nodeName: string;
  /** Served at `/form/<path>`. */
  path: string;
  title: string;
  description?: string;
  buttonLabel: string;
  fields: FormField[];
  /** onReceived: answer at once; lastNode: once the run ends (responseNode is read as lastNode). */
  responseMode: 'onReceived' | 'lastNode';
  submittedText: string;
  redirectUrl?: string;
  customCss?: string;
  authentication: 'none' | 'basicAuth';
  /** n8n >= 2.1: `submittedAt` in the workflow's zone rather than UTC. */
  useWorkflowTimezone: boolean;
  ignoreBots: boolean;
  /** The workflow has Form nodes: a submission is followed to the next page. */
  hasPages: boolean;
}

const text = (value: JsonValue | undefined): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

/** Reads and checks a Form Trigger; every refusal names the workflow, node and parameter. */
export function readFormTriggerConfig(workflow: Workflow, node: WorkflowNode): FormTriggerConfig {
  const fail = (message: string, field: string): never => {
    throw new WorkflowValidationError(`Workflow "${workflow.name}": Form Trigger "${node.name}": ${message}`, { workflow: workflow.name, node: node.name, field });
  };
  const { parameters } = node;
  const options: JsonObject = isJsonObject(parameters.options) ? parameters.options : {};
  const rawPath = node.typeVersion >= 2.2 ? (text(options.path) ?? text(parameters.path)) : text(parameters.path);
  const path = normalizeWebhookPath(rawPath ?? node.webhookId ?? '');
  if (path === '' || /[?#\s:]/.test(path) || path.split('/').some((segment) => segment === '')) fail(`path "${path}" is not a valid URL path`, 'path');
  const title = text(parameters.formTitle);
  if (title === undefined) fail('formTitle is empty: the form needs a title', 'formTitle');
  let fields: FormField[] = [];
  try {
    fields = readFormFields(parameters.formFields, node.typeVersion);
  } catch (error) {
    fail(error instanceof FormFieldError ? error.message : String(error), 'formFields');
  }
  const authentication = parameters.authentication ?? 'none';
  if (authentication !== 'none' && authentication !== 'basicAuth') fail(`authentication "${String(authentication)}" is not supported by this service: use none or basicAuth`, 'authentication');
  const respond = isJsonObject(options.respondWithOptions) && isJsonObject(options.respondWithOptions.values) ? options.respondWithOptions.values : {};
  const redirectUrl = respond.respondWith === 'redirect' ? text(respond.redirectUrl) : undefined;
  if (redirectUrl !== undefined && !/^https?:\/\//i.test(redirectUrl)) fail(`the redirect URL "${redirectUrl}" must start with http:// or https://`, 'options.respondWithOptions');
  const config: FormTriggerConfig = {
    nodeName: node.name,
    path,
    title: title as string,
    buttonLabel: text(options.buttonLabel) ?? 'Submit',
    fields,
    responseMode: parameters.responseMode === 'onReceived' || parameters.responseMode === undefined ? 'onReceived' : 'lastNode',
    submittedText: text(respond.formSubmittedText) ?? text(options.formSubmittedText) ?? 'Your response has been recorded',
    authentication: authentication as 'none' | 'basicAuth',
    useWorkflowTimezone: options.useWorkflowTimezone === undefined ? node.typeVersion > 2 : options.useWorkflowTimezone === true,
    ignoreBots: options.ignoreBots === true,
    hasPages: [...workflow.nodes.values()].some((candidate) => candidate.type === FORM_NODE_TYPE && !candidate.disabled),
  };
  const description = text(parameters.formDescription);
  if (description !== undefined) config.description = description;
  if (redirectUrl !== undefined) config.redirectUrl = redirectUrl;
  const css = text(options.customCss);
  if (css !== undefined) config.customCss = css;
  return config;
}
