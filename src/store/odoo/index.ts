export { OdooWorkflowStore, type OdooWorkflowStoreOptions } from './workflow-store';
export { OdooExecutionStore, type OdooExecutionStoreOptions } from './execution-store';
export type { WriterStatus } from './execution-writer';
export { OdooWorkflowTransfer, type ImportResult } from './workflow-transfer';
export { canvasToWorkflowJson, workflowJsonToCanvasValues, nodeRecordToJson, nodeJsonToValues } from './workflow-mapping';
export type { CanvasRecord, NodeRecord } from './odoo-records';
export type { NodeRef, NodeRefResolver } from './delivery';
export { OdooCredentialStore } from './credential-store';
export { OdooChatMemoryStore } from './chat-memory-store';
