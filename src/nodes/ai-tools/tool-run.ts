import type { SupplyContext } from '../../contracts/node-type';
import type { JsonObject } from '../../workflow/json';

/** n8n's tool name for a node: its name with every run of other characters made `_`, at most 64. */
export function toolNameOf(nodeName: string): string {
  let name = nodeName.replace(/[^a-zA-Z0-9_-]+/g, '_');
  if (name.length > 64) name = name.slice(0, 64).replace(/[_-]+$/, '');
  return name;
}

/**
 * Runs one tool call as one recorded run of the tool node, as n8n's engine runs a tool for the
 * V3 agent: the model's arguments are the run's input, the items its `ai_tool` output; a
 * failure is recorded on the run, then thrown.
 */
export async function recordedToolRun(ctx: SupplyContext, args: JsonObject, work: () => Promise<JsonObject[]>): Promise<JsonObject[]> {
  const run = await ctx.startRun(args);
  let output: JsonObject[];
  try {
    output = await work();
  } catch (error) {
    await run.fail(error);
    throw error;
  }
  await run.succeed(output);
  return output;
}

/** The text a supply-mode call hands back (older agents): n8n's JSON of the items. */
export function callText(jsons: JsonObject[]): string {
  return JSON.stringify(jsons);
}
