import type { WorkflowJson } from '../../workflow/types';

export interface ImportedCanvas {
  canvasId: number | string;
  workflowId: string;
  /** What was imported differently from the JSON, and why. */
  warnings: string[];
}

/**
 * n8n JSON in and out of the store: files in embedded mode, `canvas` + `nodes` in Odoo
 * (OdooWorkflowTransfer has exactly this shape).
 */
export interface CanvasTransfer {
  importWorkflow(json: unknown, name?: string): Promise<ImportedCanvas>;
  exportWorkflow(canvasId: string): Promise<WorkflowJson>;
}
