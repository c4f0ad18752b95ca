import type { JsonValue } from '../../../workflow/json';
import type { NodeContext } from '../../../contracts/node-type';
import { toNodeError } from '../shared/node-helpers';
import { InvalidRegexError } from '../shared/safe-regex';
import { evaluateFilter } from './evaluate';
import { readFilterValue } from './types';

/**
 * Evaluates a `filter` parameter (IF v2 `conditions`, a Switch rule's `conditions`) for
 * one item, as n8n's getNodeParameter(..., {extractValue: true}) does. A value that is no
 * filter at all counts by its truthiness; type errors become NodeOperationErrors with
 * n8n's message and advice. `timezone` reads dates without an offset (the workflow's zone).
 */
export function filterPasses(ctx: NodeContext, path: string, itemIndex: number, timezone: string): boolean {
  const value = ctx.getParam<JsonValue | undefined>(path, itemIndex, false);
  try {
    const filter = readFilterValue(value, timezone);
    if (!filter) return Boolean(value);
    return evaluateFilter(filter, itemIndex);
  } catch (error) {
    // n8n's regex runs in a vm context; its SyntaxError is no Error of n8n's realm, so the
    // node error wrapping it loses the message: an invalid pattern fails with "".
    if (error instanceof InvalidRegexError) throw toNodeError(ctx, new Error(''), { itemIndex });
    throw toNodeError(ctx, error, { itemIndex });
  }
}
