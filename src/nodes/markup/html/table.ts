import type { Item } from '../../../contracts/run-data';
import type { NodeContext } from '../../../contracts/node-type';
import type { JsonValue } from '../../../workflow/json';
import { readObject, readString } from '../../core/shared/node-helpers';

/** Convert to HTML Table: all items become one table, one column per key seen, in order. */

const TABLE_STYLE = "style='border-spacing:0; font-family:helvetica,arial,sans-serif'";
const HEADER_STYLE =
  "style='margin:0; padding:7px 20px 7px 0px; border-bottom:1px solid #eee; text-align:left; color:#888; font-weight:normal'";
const CELL_STYLE = "style='margin:0; padding:7px 20px 7px 0px; border-bottom:1px solid #eee'";

/** `first_name` -> `First Name` when Capitalize Headers is on. */
export function capitalizeHeader(header: string, capitalize: boolean): string {
  if (!capitalize) return header;
  return header
    .split('_')
    .filter((word) => word)
    .map((word) => word[0].toUpperCase() + word.slice(1))
    .join(' ');
}

/** A cell as JavaScript's string concatenation writes the value (n8n does `td += value`). */
function cell(value: JsonValue | undefined): string {
  if (typeof value === 'boolean') return `<input type="checkbox" ${value ? 'checked="checked"' : ''}/>`;
  return String(value);
}

export function htmlTable(ctx: NodeContext, items: Item[]): Item {
  const options = readObject(ctx, 'options', 0);
  const styled = !options.customStyling;
  const headers = [...new Set(items.flatMap((item) => Object.keys(item.json)))];
  let table = `<table ${styled ? TABLE_STYLE : ''} ${String(options.tableAttributes || '')}>`;
  if (options.caption) table += `<caption>${String(options.caption)}</caption>`;
  table += `<thead ${styled ? HEADER_STYLE : ''} ${String(options.headerAttributes || '')}>`;
  table += '<tr>';
  table += headers.map((header) => `<th>${capitalizeHeader(header, Boolean(options.capitalize))}</th>`).join('');
  table += '</tr></thead><tbody>';
  items.forEach((item, index) => {
    table += `<tr  ${readString(ctx, 'options.rowAttributes', index, '')}>`;
    const cellAttributes = readString(ctx, 'options.cellAttributes', index, '');
    table += headers.map((header) => `<td ${styled ? CELL_STYLE : ''} ${cellAttributes}>${cell(item.json[header])}</td>`).join('');
    table += '</tr>';
  });
  table += '</tbody></table>';
  return { json: { table }, pairedItem: items.map((_item, item) => ({ item })) };
}
