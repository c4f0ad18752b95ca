import type { JsonValue } from '../workflow/json';

/** Reads `a.b.0.c` from a parameter tree; undefined when any step is missing. */
export function readPath(root: JsonValue | undefined, path: string): JsonValue | undefined {
  if (path === '') return root;
  let current: JsonValue | undefined = root;
  for (const key of path.split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    current = Array.isArray(current) ? current[Number(key)] : current[key];
  }
  return current;
}
