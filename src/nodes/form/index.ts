import type { NodeTypeDefinition } from '../../contracts/node-type';
import { formNode } from './form-node';
import { formTriggerNode } from './form-trigger-node';

/**
 * n8n forms: the Form Trigger and the Form node, and what the Wait node's "On Form Submitted"
 * shares with them: field definitions, the submission check and the server-rendered pages.
 */
export const formNodes: NodeTypeDefinition[] = [formTriggerNode, formNode];
export { FORM_NODE_TYPE } from './form-node';
export { FORM_TRIGGER_NODE_TYPE } from './form-trigger-node';
export { FORM_FIELD_TYPES, FormFieldError, readFormFields, type FormField, type FormFieldType } from './fields';
export { readSubmission, type SubmissionResult, type SubmittedFiles, type SubmittedValues } from './submission';
export { renderCompletion, renderFormPage, renderFormProblem, type FormPage } from './render';
export { renderFormEnding, type EndingFile } from './render-ending';
export { FORM_PAGE_STATE_KEY, nodeFormFields, pageTexts, parkOnForm, readFormPageConfig, type FormPageConfig } from './page-config';
