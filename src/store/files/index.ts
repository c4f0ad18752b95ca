export { FileWorkflowStore } from './file-workflow-store';
export type { FileWorkflowStoreOptions } from './file-workflow-store';
export type { ActivationState, ActivationStateStore } from './activation-state';
export { readWorkflowFile } from './workflow-file';
export type { WorkflowFile, ReadableWorkflowFile, BrokenWorkflowFile } from './workflow-file';
