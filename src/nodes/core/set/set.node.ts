import { NodeOperationError } from '../../../errors';
import type { Item } from '../../../contracts/run-data';
import type { JsonObject } from '../../../workflow/json';
import type { WorkflowNode } from '../../../workflow/types';
import type { NodeContext, NodeTypeDefinition } from '../../../contracts/node-type';
import { isJsonObjectValue } from '../shared/json-values';
import { errorItem, readBoolean, readNumber, readObject, readString, toNodeError } from '../shared/node-helpers';
import { prepareManualMode, prepareShorthandMode, type ManualOptions } from './manual-mode';
import { prepareRawMode } from './raw-mode';
import { runSetV1 } from './set-v1';
import { requireChoice } from '../shared/validate-choice';

/** n8n's Set / Edit Fields node, typeVersions 1 to 3.5. */

const MODES = ['manual', 'raw'];

/**
 * The seed's shorthand: `values` as a plain `{name: value}` object. From v3 on `values` is
 * no Set parameter at all; before, it is the shorthand when its entries are not the
 * `boolean`/`number`/`string` row lists.
 */
export function usesShorthand(parameters: JsonObject, version: number): boolean {
  const values = parameters.values;
  if (!isJsonObjectValue(values) || Object.keys(values).length === 0) return false;
  if (version >= 3) return parameters.assignments === undefined && parameters.fields === undefined && parameters.mode !== 'raw';
  return Object.entries(values).some(([key, rows]) => !['boolean', 'number', 'string'].includes(key) || !Array.isArray(rows));
}

function composeOptions(ctx: NodeContext, itemIndex: number, shorthand: boolean): ManualOptions {
  const version = ctx.node.typeVersion;
  const includeOtherFields = readBoolean(ctx, 'includeOtherFields', itemIndex, false);
  const include = readString(ctx, 'include', itemIndex, 'all');
  const options = readObject(ctx, 'options', itemIndex);
  let effectiveInclude = include;
  if (version >= 3.3 || shorthand) effectiveInclude = includeOtherFields ? include : 'none';
  return {
    include: effectiveInclude,
    dotNotation: options.dotNotation === false ? false : undefined,
    includeBinary: options.includeBinary === true,
    stripBinary: options.stripBinary === true,
    ignoreConversionErrors: options.ignoreConversionErrors === true,
  };
}

function runSetV3(ctx: NodeContext): Item[] {
  const shorthand = usesShorthand(ctx.node.parameters, ctx.node.typeVersion);
  const mode = shorthand ? 'manual' : readString(ctx, 'mode', 0, 'manual');
  if (!MODES.includes(mode)) throw new NodeOperationError(ctx.node.name, `The mode "${mode}" is not known`);
  let build = mode === 'raw' ? prepareRawMode(ctx) : prepareManualMode(ctx);
  if (shorthand) build = prepareShorthandMode(ctx);
  const duplicates =
    readBoolean(ctx, 'duplicateItem', 0, false) && ctx.mode === 'manual' ? readNumber(ctx, 'duplicateCount', 0, 0) : 0;
  const output: Item[] = [];
  ctx.getInputItems(0).forEach((item, itemIndex) => {
    let built: Item;
    try {
      built = build(item, itemIndex, composeOptions(ctx, itemIndex, shorthand));
    } catch (error) {
      if (!ctx.continueOnFail()) throw toNodeError(ctx, error, { itemIndex });
      built = errorItem(error, itemIndex);
    }
    for (let copy = 0; copy <= duplicates; copy++) output.push(copy === 0 ? built : { ...built });
  });
  return output;
}

function validateSet(node: WorkflowNode): void {
  const mode = node.parameters.mode;
  if (node.typeVersion < 3 || mode === undefined || usesShorthand(node.parameters, node.typeVersion)) return;
  requireChoice(node, 'mode', 'Set mode', MODES);
}

export const setNode: NodeTypeDefinition = {
  type: 'n8n-nodes-base.set',
  aliases: ['set'],
  displayName: 'Edit Fields (Set)',
  versions: [1, 2, 3, 3.1, 3.2, 3.3, 3.4, 3.5],
  validate: validateSet,
  execute: async (ctx) => {
    if (ctx.node.typeVersion >= 3) return [runSetV3(ctx)];
    if (usesShorthand(ctx.node.parameters, ctx.node.typeVersion)) return [runSetV3(ctx)];
    return [runSetV1(ctx)];
  },
};
