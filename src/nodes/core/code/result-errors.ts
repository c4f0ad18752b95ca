import { CodeExecutionError } from '../../../errors';

/**
 * n8n's ValidationError for what Code returned: the message gains `[item N]`,
 * `[line L]` or `[line L, for item N]` as n8n prints it.
 */
export function codeValidationError(
  nodeName: string,
  message: string,
  description: string,
  position: { itemIndex?: number; lineNumber?: number } = {},
): CodeExecutionError {
  const { itemIndex, lineNumber } = position;
  let suffix = '';
  if (lineNumber !== undefined && itemIndex !== undefined) suffix = ` [line ${lineNumber}, for item ${itemIndex}]`;
  else if (lineNumber !== undefined) suffix = ` [line ${lineNumber}]`;
  else if (itemIndex !== undefined) suffix = ` [item ${itemIndex}]`;
  return new CodeExecutionError(nodeName, `${message}${suffix}`, { description, itemIndex });
}
