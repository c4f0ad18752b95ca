import type { JsonObject } from '../../../workflow/json';
import type { WorkflowNode } from '../../../workflow/types';
import type { NodeTypeDefinition } from '../../../contracts/node-type';
import { isJsonObjectValue } from '../shared/json-values';
import { routeSwitchLegacy } from './switch-legacy';
import { DEFAULT_RULES, routeSwitchV3 } from './switch-v3';
import { requireChoice } from '../shared/validate-choice';

/** How many outputs a Switch draws; a count given by an expression is unknown here, so n8n's default. */
function countFrom(value: unknown, fallback: number): number {
  const number = typeof value === 'number' ? value : Number(value);
  return Number.isInteger(number) && number >= 0 ? number : fallback;
}

function listLength(container: unknown, key: string): number {
  return isJsonObjectValue(container) && Array.isArray(container[key]) ? (container[key] as unknown[]).length : 0;
}

export function switchOutputs(node: WorkflowNode): number {
  const parameters: JsonObject = node.parameters;
  const mode = parameters.mode ?? 'rules';
  if (node.typeVersion < 2) return 4;
  if (node.typeVersion < 3) {
    return mode === 'expression' ? countFrom(parameters.outputsAmount, 4) : listLength(parameters.rules, 'rules');
  }
  if (mode === 'expression') return countFrom(parameters.numberOutputs, 4);
  const rules = parameters.rules === undefined ? DEFAULT_RULES : parameters.rules;
  const options = isJsonObjectValue(parameters.options) ? parameters.options : {};
  return listLength(rules, 'values') + (options.fallbackOutput === 'extra' ? 1 : 0);
}

function validateSwitch(node: WorkflowNode): void {
  requireChoice(node, 'mode', 'Switch mode', ['rules', 'expression']);
}

export const switchNode: NodeTypeDefinition = {
  type: 'n8n-nodes-base.switch',
  aliases: ['switch'],
  displayName: 'Switch',
  versions: [1, 2, 3, 3.1, 3.2, 3.3, 3.4],
  outputs: switchOutputs,
  validate: validateSwitch,
  execute: async (ctx) => ctx.node.typeVersion < 3 ? routeSwitchLegacy(ctx) : routeSwitchV3(ctx),
};
