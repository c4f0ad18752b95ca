import type { AiTool, ToolCallOptions } from '../../contracts/ai';
import type { JsonObject } from '../../workflow/json';

/**
 * A tool the V3 agent can run the way n8n 2.x does: as a node of its own (n8n's engine
 * request), items out. `run` records one run of the supplying node (input: the model's
 * arguments; output: the items under `ai_tool`) and throws, after recording the failure,
 * when the tool fails. `call` (the contract's) keeps the supply-mode text older agents use.
 */
export interface RunnableTool extends AiTool {
  /** The node that supplies the tool (n8n's metadata.sourceNodeName). */
  readonly nodeName: string;
  run(args: JsonObject, options?: ToolCallOptions): Promise<JsonObject[]>;
}

export function isRunnableTool(tool: AiTool): tool is RunnableTool {
  return typeof (tool as Partial<RunnableTool>).run === 'function' && typeof (tool as Partial<RunnableTool>).nodeName === 'string';
}

/** The text the V3 agent hands back to the model for a tool's items (n8n's buildObservation). */
export function observationOf(jsons: readonly JsonObject[]): string {
  return jsons.length > 0 ? JSON.stringify(jsons) : JSON.stringify('');
}

/** What the model is told when a tool failed (n8n's buildObservation for an errored tool run). */
export function failureObservation(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return JSON.stringify([{ error: message }]);
}
