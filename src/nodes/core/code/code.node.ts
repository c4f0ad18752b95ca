import { NodeOperationError } from '../../../errors';
import type { Item } from '../../../contracts/run-data';
import type { WorkflowNode } from '../../../workflow/types';
import type { CodeResult } from '../../../contracts/code';
import type { NodeContext, NodeTypeDefinition } from '../../../contracts/node-type';
import { errorItem, readString } from '../shared/node-helpers';
import { normalizeAllItemsResult, normalizeEachItemResult } from './normalize-result';
import { codeValidationError } from './result-errors';
import { restoreInlineBinary } from './restore-binary';
import { codeHostHelpers } from './code-helpers';
import { mayContinueAfter, runUserCode } from './run-code';
import { requireChoice } from '../shared/validate-choice';

/** n8n's Code node (JavaScript; typeVersions 1 and 2). */

const MODES = ['runOnceForAllItems', 'runOnceForEachItem'];
const PYTHON = ['python', 'pythonNative'];

/** Per-item code cannot look at all items; n8n refuses it before running, naming the line. */
function checkPerItemCode(ctx: NodeContext, code: string): void {
  const match = /\$input\.(?<method>first|last|all|itemMatching)/.exec(code);
  const method = match?.groups?.method;
  if (!method) return;
  const line =
    code.split('\n').findIndex((text) => {
      const trimmed = text.trimStart();
      return text.includes(method) && !trimmed.startsWith('//') && !trimmed.startsWith('/*') && !trimmed.startsWith('*');
    }) + 1;
  if (line === 0) return;
  throw codeValidationError(ctx.node.name, `Can't use .${method}() here`, "This is only available in 'Run Once for All Items' mode", {
    itemIndex: 0,
    lineNumber: line,
  });
}

function languageOf(node: WorkflowNode, ctx?: NodeContext): string {
  if (node.typeVersion !== 2) return 'javaScript';
  return ctx ? readString(ctx, 'language', 0, 'javaScript') : String(node.parameters.language ?? 'javaScript');
}

async function runCodeNode(ctx: NodeContext): Promise<Item[]> {
  const language = languageOf(ctx.node, ctx);
  if (PYTHON.includes(language)) {
    throw new NodeOperationError(ctx.node.name, 'Python is not supported', {
      description: 'This service runs Code nodes in JavaScript only: set Language to JavaScript and port the code.',
    });
  }
  if (language !== 'javaScript') throw new NodeOperationError(ctx.node.name, `Unsupported language: ${language}`);
  const mode = readString(ctx, 'mode', 0, 'runOnceForAllItems');
  const code = String(ctx.getRawParam('jsCode') ?? '');
  // Normalising is outside the try: n8n fails the node on badly shaped results even when
  // it continues on fail (the engine then passes the input on).
  if (mode !== 'runOnceForAllItems') {
    checkPerItemCode(ctx, code);
    let result: CodeResult;
    try {
      result = await runUserCode(ctx, { code, mode: 'runOnceForEachItem', continueOnFail: ctx.continueOnFail(), helpers: codeHostHelpers(ctx) });
    } catch (error) {
      if (!mayContinueAfter(ctx, error)) throw error;
      return [errorItem(error, 0)];
    }
    return normalizeEachItemResult(ctx.node.name, result.mode === 'runOnceForEachItem' ? result.returned : []);
  }
  let result: CodeResult;
  try {
    result = await runUserCode(ctx, { code, mode: 'runOnceForAllItems', continueOnFail: ctx.continueOnFail(), helpers: codeHostHelpers(ctx) });
  } catch (error) {
    if (!mayContinueAfter(ctx, error)) throw error;
    // Unpaired, as n8n's runner returns it: on the error output it stays `{error}` alone.
    return [errorItem(error)];
  }
  const returned = result.mode === 'runOnceForAllItems' ? result.returned : undefined;
  // Unpaired items are paired by the engine after its error-output split, as n8n does: an
  // error item made under continueErrorOutput then stays `{error}` alone.
  return normalizeAllItemsResult(ctx.node.name, returned);
}

function validateCode(node: WorkflowNode): void {
  requireChoice(node, 'mode', 'Code mode', MODES);
}

export const codeNode: NodeTypeDefinition = {
  type: 'n8n-nodes-base.code',
  aliases: ['code'],
  displayName: 'Code',
  versions: [1, 2],
  validate: validateCode,
  execute: async (ctx) => [restoreInlineBinary(ctx.getInputItems(0), await runCodeNode(ctx))],
};
