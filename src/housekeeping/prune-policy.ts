import type { Config, PruneConfig } from '../config';

/** n8n's defaults (EXECUTIONS_DATA_MAX_AGE 336 h, EXECUTIONS_DATA_PRUNE_MAX_COUNT 10000). */
export const EMBEDDED_PRUNE_DEFAULTS: Required<PruneConfig> = { maxAgeHours: 336, maxCount: 10_000 };

/**
 * What to prune, or undefined for nothing. In Odoo mode the executions are Odoo's records,
 * so nothing is deleted unless EXECUTIONS_PRUNE_MAX_AGE_HOURS or _MAX_COUNT says so; the
 * embedded store keeps n8n's limits unless one of them is set.
 */
export function prunePolicyFor(config: Pick<Config, 'mode' | 'prune'>): PruneConfig | undefined {
  const { maxAgeHours, maxCount } = config.prune;
  if (maxAgeHours !== undefined || maxCount !== undefined) return config.prune;
  return config.mode === 'embedded' ? EMBEDDED_PRUNE_DEFAULTS : undefined;
}

/** The store's prune arguments for `policy` at time `now`. */
export function pruneArguments(policy: PruneConfig, now: number): { before?: Date; keep?: number } {
  const args: { before?: Date; keep?: number } = {};
  if (policy.maxAgeHours !== undefined) args.before = new Date(now - policy.maxAgeHours * 3_600_000);
  if (policy.maxCount !== undefined) args.keep = policy.maxCount;
  return args;
}
