import type { Item } from '../../../contracts/run-data';
import type { JsonValue } from '../../../workflow/json';
import type { NodeContext } from '../../../contracts/node-type';
import { composeItem, type ComposeOptions } from './compose-item';
import { expressionTemplate, parseJsonParameter, resolveJsonTemplate } from './json-parameter';

/** n8n's default JSON for a Set in JSON mode that was never edited. */
const DEFAULT_JSON_OUTPUT = '{\n  "my_field_1": "value",\n  "my_field_2": 1\n}\n';

/**
 * Set "JSON" mode: `jsonOutput` is JSON text, usually with `{{ }}` expressions inside.
 * Each expression is evaluated on its own and written into the text before it is parsed,
 * so `{"n": {{ $json.count }}}` yields a number and `"id-{{ $json.id }}"` a string.
 */
export function prepareRawMode(ctx: NodeContext): (item: Item, itemIndex: number, options: ComposeOptions) => Item {
  const template = expressionTemplate(ctx.getRawParam('jsonOutput'));
  return (item, itemIndex, options) => {
    const source: JsonValue | undefined =
      template === undefined
        ? ctx.getParam<JsonValue | undefined>('jsonOutput', itemIndex, DEFAULT_JSON_OUTPUT)
        : resolveJsonTemplate(ctx, template, itemIndex);
    return composeItem(ctx, itemIndex, item, parseJsonParameter(source, itemIndex), options);
  };
}
