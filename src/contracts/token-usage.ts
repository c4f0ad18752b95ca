import type { RunData } from './run-data';
import { addTokenUsage, type TokenUsage } from './ai';

function countOf(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}

/** The `tokenUsage` a model sub-node run recorded (n8n's `data.ai_languageModel[0][0].json.tokenUsage`). */
export function taskTokenUsage(task: RunData[string][number]): TokenUsage | undefined {
  const usage = task.data?.ai_languageModel?.[0]?.[0]?.json?.tokenUsage;
  if (usage === null || typeof usage !== 'object' || Array.isArray(usage)) return undefined;
  const record = usage as Record<string, unknown>;
  const promptTokens = countOf(record.promptTokens);
  const completionTokens = countOf(record.completionTokens);
  return { promptTokens, completionTokens, totalTokens: countOf(record.totalTokens) || promptTokens + completionTokens };
}

/** The tokens a node's own API calls used (n8n's `metadata.tokenUsage`, the OpenAI node). */
export function taskMetadataTokenUsage(task: RunData[string][number]): TokenUsage | undefined {
  const usage = task.metadata?.tokenUsage;
  if (!usage) return undefined;
  const promptTokens = countOf(usage.inputTokens);
  const completionTokens = countOf(usage.outputTokens);
  return { promptTokens, completionTokens, totalTokens: promptTokens + completionTokens };
}

/**
 * Token usage of a whole execution: every model sub-node call's recorded usage and every
 * node's own metadata usage, summed; undefined when none.
 */
export function sumTokenUsage(runData: RunData): TokenUsage | undefined {
  let total: TokenUsage | undefined;
  for (const tasks of Object.values(runData)) {
    for (const task of tasks) total = addTokenUsage(addTokenUsage(total, taskTokenUsage(task)), taskMetadataTokenUsage(task));
  }
  return total;
}
