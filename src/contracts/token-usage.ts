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

/** Token usage of a whole execution: every model call's recorded usage, summed; undefined when none. */
export function sumTokenUsage(runData: RunData): TokenUsage | undefined {
  let total: TokenUsage | undefined;
  for (const tasks of Object.values(runData)) {
    for (const task of tasks) total = addTokenUsage(total, taskTokenUsage(task));
  }
  return total;
}
