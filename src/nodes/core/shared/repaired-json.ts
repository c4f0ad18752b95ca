import { jsonrepair } from 'jsonrepair';
import type { JsonValue } from '../../../workflow/json';

/**
 * n8n's `jsonParse(text, { repairJSON: true })`, with the same jsonrepair release n8n 2.40.7
 * ships (3.13.2): plain JSON first, then the text as jsonrepair mends it (quotes, commas,
 * comments, Python constants, unclosed brackets: `{not json` becomes `{"not json": null}`).
 * Throws when even the repaired text is not JSON. n8n uses it for the Set node's JSON
 * ("JSON Output", JSON-typed fields) and, through Set's helper, the JWT node's claims.
 */
export function parseRepairedJson(text: string): JsonValue {
  try {
    return JSON.parse(text) as JsonValue;
  } catch {
    return JSON.parse(jsonrepair(text)) as JsonValue;
  }
}
