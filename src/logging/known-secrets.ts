/**
 * Values the service knows to be secret (credential fields it decrypted), masked in every
 * log line whatever key or text they hide in: a key name can be harmless (`value`) and a
 * library's error message can quote a header. Short values are left alone, since masking
 * every "ada" in logs would hide more than it protects.
 */

const MIN_LENGTH = 6;
/** Bounds memory when credentials change often (OAuth2 tokens): the oldest go first. */
const MAX_VALUES = 5000;

const values = new Set<string>();
let pattern: RegExp | undefined;

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Registers every string (nested included) of a decrypted credential as secret. */
export function rememberSecrets(data: unknown): void {
  const add = (value: unknown): void => {
    if (typeof value === 'string') {
      if (value.length < MIN_LENGTH || values.has(value)) return;
      values.add(value);
      if (values.size > MAX_VALUES) values.delete(values.values().next().value as string);
      pattern = undefined;
    } else if (Array.isArray(value)) {
      value.forEach(add);
    } else if (typeof value === 'object' && value !== null) {
      Object.values(value).forEach(add);
    }
  };
  add(data);
}

/** `text` with every known secret replaced by `mask`. */
export function maskKnownSecrets(text: string, mask: string): string {
  if (values.size === 0) return text;
  // Longest first, so a secret containing another is masked whole.
  pattern ??= new RegExp([...values].sort((a, b) => b.length - a.length).map(escape).join('|'), 'g');
  return text.replace(pattern, mask);
}
