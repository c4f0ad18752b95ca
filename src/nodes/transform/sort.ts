import { randomInt } from 'node:crypto';
import { CodeExecutionError, NodeOperationError } from '../../errors';
import { isJsonObject } from '../../workflow/json';
import type { JsonValue } from '../../workflow/json';
import type { Item } from '../../contracts/run-data';
import type { NodeContext, NodeResult, NodeTypeDefinition } from '../../contracts/node-type';
import { deepEqual, lessThan } from './utils/compare';
import { withLineage } from './utils/items';
import { readField } from './utils/object-path';
import { booleanParam, objectParam, stringParam } from './utils/params';

/** Sort (n8n-nodes-base.sort v1): simple (by fields), random, or code (a comparator). */

interface SortField {
  name: string;
  direction: 1 | -1;
}

function readSortFields(ctx: NodeContext): SortField[] {
  const ui = objectParam(ctx, 'sortFieldsUi', 0);
  const list = isJsonObject(ui) && Array.isArray(ui.sortField) ? ui.sortField : [];
  if (list.length === 0) throw new NodeOperationError(ctx.node.name, 'No sorting specified. Please add a field to sort by');
  return list.map((entry) => {
    const field = isJsonObject(entry) ? entry : {};
    return { name: String(field.fieldName ?? ''), direction: field.order === 'descending' ? -1 : 1 };
  });
}

function checkFieldsExist(ctx: NodeContext, items: Item[], fields: SortField[], disableDotNotation: boolean): void {
  for (const { name } of fields) {
    if (items.some((item) => readField(item.json, name, disableDotNotation) !== undefined)) continue;
    throw new NodeOperationError(ctx.node.name, `Couldn't find the field '${name}' in the input data`, {
      description:
        disableDotNotation && name.includes('.')
          ? "If you're trying to use a nested field, make sure you turn off 'disable dot notation' in the node options"
          : undefined,
    });
  }
}

/** Strings compare case-insensitively, everything else as lodash isEqual/lt do. */
function sortKey(item: Item, field: string, disableDotNotation: boolean): JsonValue | undefined {
  const value = readField(item.json, field, disableDotNotation);
  return typeof value === 'string' ? value.toLowerCase() : value;
}

function sortSimple(ctx: NodeContext, items: Item[]): Item[] {
  const fields = readSortFields(ctx);
  const disableDotNotation = booleanParam(ctx, 'options.disableDotNotation', 0);
  checkFieldsExist(ctx, items, fields, disableDotNotation);
  return [...items].sort((a, b) => {
    for (const field of fields) {
      const valueA = sortKey(a, field.name, disableDotNotation);
      const valueB = sortKey(b, field.name, disableDotNotation);
      if (deepEqual(valueA, valueB)) continue;
      return lessThan(valueA, valueB) ? -field.direction : field.direction;
    }
    return 0;
  });
}

function shuffle(items: Item[]): Item[] {
  const shuffled = [...items];
  for (let index = shuffled.length - 1; index > 0; index--) {
    const other = randomInt(index + 1);
    [shuffled[index], shuffled[other]] = [shuffled[other], shuffled[index]];
  }
  return shuffled;
}

const RETURNS = /\breturn\b/;

/**
 * n8n runs `items.sort((a, b) => { <code> })` in its sandbox. We run the comparator in ours
 * over the input items and only take back the order, so items keep their binary data and
 * lineage untouched.
 */
async function sortByCode(ctx: NodeContext, items: Item[]): Promise<Item[]> {
  const userCode = stringParam(ctx, 'code', 0, '');
  if (!RETURNS.test(userCode)) {
    throw new NodeOperationError(ctx.node.name, "Sort code doesn't return. Please add a 'return' statement to your code");
  }
  const code = [
    'const items = $input.all();',
    `const compare = (a, b) => { ${userCode}\n};`,
    'return items.map((_, index) => index).sort((i, j) => compare(items[i], items[j]));',
  ].join('\n');
  const result = await ctx.runCode({ code, mode: 'runOnceForAllItems' });
  const order = result.mode === 'runOnceForAllItems' ? result.returned : undefined;
  if (!Array.isArray(order) || order.length !== items.length || order.some((index) => typeof index !== 'number' || items[index] === undefined)) {
    throw new CodeExecutionError(ctx.node.name, 'The sort code did not produce an order of the input items');
  }
  return order.map((index) => items[index as number]);
}

async function execute(ctx: NodeContext): Promise<NodeResult> {
  const items = withLineage(ctx.getInputItems());
  const type = stringParam(ctx, 'type', 0, 'simple');
  if (type === 'random') return [shuffle(items)];
  if (type === 'simple') return [sortSimple(ctx, items)];
  if (type === 'code') return [await sortByCode(ctx, items)];
  throw new NodeOperationError(ctx.node.name, `The value "${String(type)}" is not supported for the parameter "Type"`);
}

export const sortNode: NodeTypeDefinition = {
  type: 'n8n-nodes-base.sort',
  aliases: ['sort'],
  displayName: 'Sort',
  versions: [1],
  execute,
};
