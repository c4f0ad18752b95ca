import { lstat, mkdir, realpath } from 'node:fs/promises';
import path from 'node:path';
import { NodeOperationError } from '../../../errors';
import type { NodeContext } from '../../../contracts/node-type';

/** n8n's words when a path is refused. */
export const ACCESS_REFUSED = 'Access to the file is not allowed.';

function refused(ctx: NodeContext, itemIndex: number, description: string): NodeOperationError {
  return new NodeOperationError(ctx.node.name, ACCESS_REFUSED, { itemIndex, description });
}

/** FILES_DIR, or a clear failure when the service was not given one. */
export function filesRoot(ctx: NodeContext, itemIndex: number): string {
  const root = ctx.services.files?.filesDir;
  if (root === undefined) {
    throw new NodeOperationError(ctx.node.name, 'Reading and writing files is disabled on this service: FILES_DIR is not set', {
      itemIndex,
      description: 'Set FILES_DIR to the folder this node may read and write; paths are confined to it',
    });
  }
  return root;
}

/**
 * The absolute path a file node may use for `requested`: relative paths start at FILES_DIR,
 * absolute ones must lie inside it, `..` is refused outright, and no existing component
 * between FILES_DIR and the file may be a symbolic link (so a link cannot lead outside).
 * `createParents` makes missing folders (writes), checking each as it goes.
 */
export async function confinedPath(ctx: NodeContext, requested: string, itemIndex: number, options: { createParents?: boolean } = {}): Promise<string> {
  const root = await realpath(filesRoot(ctx, itemIndex)).catch(() => {
    throw new NodeOperationError(ctx.node.name, `FILES_DIR "${filesRoot(ctx, itemIndex)}" does not exist`, { itemIndex });
  });
  if (requested === '' || requested.includes('\0')) throw refused(ctx, itemIndex, 'The path is empty or contains a NUL byte');
  if (requested.split(/[\\/]/).includes('..')) throw refused(ctx, itemIndex, `"${requested}" contains "..": paths must stay inside FILES_DIR`);
  const configuredRoot = path.resolve(filesRoot(ctx, itemIndex));
  let relative: string;
  if (path.isAbsolute(requested)) {
    const absolute = path.resolve(requested);
    const base = [configuredRoot, root].find((candidate) => absolute === candidate || absolute.startsWith(candidate + path.sep));
    if (base === undefined) throw refused(ctx, itemIndex, `"${requested}" is outside FILES_DIR`);
    relative = path.relative(base, absolute);
  } else {
    relative = path.normalize(requested);
  }
  const parts = relative.split(path.sep).filter((part) => part !== '' && part !== '.');
  let current = root;
  for (const [index, part] of parts.entries()) {
    current = path.join(current, part);
    const last = index === parts.length - 1;
    let info = await lstat(current).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw error;
    });
    if (info === undefined && !last && options.createParents) {
      await mkdir(current);
      info = await lstat(current);
    }
    if (info === undefined) continue;
    if (info.isSymbolicLink()) throw refused(ctx, itemIndex, `"${requested}" goes through a symbolic link, which is not followed`);
    if (!last && !info.isDirectory()) throw refused(ctx, itemIndex, `"${requested}": a part of the path is not a folder`);
  }
  return current;
}
