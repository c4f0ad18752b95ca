import type { Item } from '../../../contracts/run-data';
import type { NodeContext, NodeTypeDefinition } from '../../../contracts/node-type';
import { NodeOperationError, errorMessage } from '../../../errors';
import { readBoolean, readString } from '../../core/shared/node-helpers';
import { runCommand } from './run-command';

/**
 * n8n's Execute Command (typeVersion 1). Off unless NODES_ALLOW_EXECUTE_COMMAND=true, as n8n 2
 * leaves it out by default: it runs shell commands as the service's user.
 */
async function execute(ctx: NodeContext): Promise<Item[][]> {
  if (ctx.services.files?.allowExecuteCommand !== true) {
    throw new NodeOperationError(ctx.node.name, 'The Execute Command node is disabled on this service', {
      description: 'It runs shell commands on the host; set NODES_ALLOW_EXECUTE_COMMAND=true to allow it',
    });
  }
  let items = ctx.getInputItems();
  if (readBoolean(ctx, 'executeOnce', 0, true)) items = items.slice(0, 1);
  const cwd = ctx.services.files.filesDir ?? process.cwd();
  const output: Item[] = [];
  for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
    try {
      const { error, exitCode, stdout, stderr } = await runCommand(readString(ctx, 'command', itemIndex, ''), ctx.signal, cwd);
      if (error !== undefined) throw new NodeOperationError(ctx.node.name, error.message, { itemIndex });
      output.push({ json: { exitCode, stderr, stdout }, pairedItem: { item: itemIndex } });
    } catch (error) {
      if (ctx.signal.aborted) throw error;
      if (ctx.continueOnFail()) {
        output.push({ json: { error: errorMessage(error) }, pairedItem: { item: itemIndex } });
        continue;
      }
      throw error;
    }
  }
  return [output];
}

export const executeCommandNode: NodeTypeDefinition = {
  type: 'n8n-nodes-base.executeCommand',
  aliases: ['executeCommand'],
  displayName: 'Execute Command',
  versions: [1],
  execute,
};
