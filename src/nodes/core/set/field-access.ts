import type { JsonObject, JsonValue } from '../../../workflow/json';
import { getPath, setPath, unsetPath } from '../shared/object-path';

/**
 * How Set reads and writes field names: as paths (`a.b`, `list[1]`) with dot notation on,
 * as literal keys with it off (where `['a.b']` still names the key `a.b`).
 */
export interface FieldAccess {
  get(target: JsonObject, key: string): JsonValue | undefined;
  set(target: JsonObject, key: string, value: JsonValue): void;
  unset(target: JsonObject, key: string): void;
}

/** A bracketed, quoted key (`['a.b']`) names the key inside when the literal one is absent. */
function literalKey(target: JsonObject, key: string): string {
  if (target[key] !== undefined) return key;
  const quoted = (key.startsWith("['") && key.endsWith("']")) || (key.startsWith('["') && key.endsWith('"]'));
  if (quoted && target[key.slice(2, -2)] !== undefined) return key.slice(2, -2);
  return key;
}

const pathAccess: FieldAccess = {
  get: getPath,
  set: setPath,
  unset: unsetPath,
};

const literalAccess: FieldAccess = {
  get: (target, key) => target[literalKey(target, key)],
  set: (target, key, value) => {
    target[literalKey(target, key)] = value;
  },
  unset: (target, key) => {
    delete target[literalKey(target, key)];
  },
};

export function fieldAccess(dotNotation: boolean | undefined): FieldAccess {
  return dotNotation === false ? literalAccess : pathAccess;
}
