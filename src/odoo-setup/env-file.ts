import fs from 'node:fs';
import path from 'node:path';
import dotenv from 'dotenv';

export type EnvValues = Record<string, string>;

/** The variables a `.env` file sets (an absent file sets none). */
export function readEnvFile(file: string): EnvValues {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw error;
  }
  return dotenv.parse(text);
}

/**
 * Quotes a value only when dotenv would misread it bare. dotenv unescapes nothing inside
 * quotes, so the quote chosen is one the value does not contain.
 */
function formatValue(key: string, value: string): string {
  if (/^[\w@%+=:,./~-]*$/.test(value)) return value;
  if (!value.includes('\n')) {
    for (const quote of ["'", '`']) if (!value.includes(quote)) return `${quote}${value}${quote}`;
  }
  throw new Error(`${key}'s value cannot be written to a .env file (it holds a line break or every kind of quote)`);
}

export interface EnvFileChange {
  /** Variables whose line was added or changed. */
  changed: string[];
  /** Variables whose line was removed. */
  removed: string[];
}

/**
 * Sets `values` in the file, keeping every other line and comment; changed lines stay where
 * they were, new ones are appended. Written to a sibling and renamed over the file (mode
 * 0600: it holds secrets), so a crash leaves the old file or the new one, never half of it.
 */
export function updateEnvFile(file: string, values: EnvValues, remove: readonly string[] = []): EnvFileChange {
  const current = readEnvFile(file);
  const changed = Object.keys(values).filter((key) => current[key] !== values[key]);
  const removed = remove.filter((key) => key in current);
  if (changed.length === 0 && removed.length === 0) return { changed, removed };
  const lines = fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split('\n') : [];
  if (lines.at(-1) === '') lines.pop();
  const keyOf = (line: string): string | undefined => /^\s*(?:export\s+)?([\w.-]+)\s*=/.exec(line)?.[1];
  const written = new Set<string>();
  const kept: string[] = [];
  for (const line of lines) {
    const key = keyOf(line);
    if (key !== undefined && removed.includes(key)) continue;
    if (key !== undefined && key in values) {
      if (written.has(key)) continue; // a repeated variable: keep one line
      kept.push(`${key}=${formatValue(key, values[key] as string)}`);
      written.add(key);
      continue;
    }
    kept.push(line);
  }
  const appended = Object.keys(values).filter((key) => !written.has(key));
  if (appended.length > 0) {
    kept.push('# Written by `node dist/cli.js odoo setup`');
    for (const key of appended) kept.push(`${key}=${formatValue(key, values[key] as string)}`);
  }
  const temporary = path.join(path.dirname(path.resolve(file)), `.${path.basename(file)}.${process.pid}.tmp`);
  fs.writeFileSync(temporary, `${kept.join('\n')}\n`, { mode: 0o600 });
  fs.renameSync(temporary, file);
  fs.chmodSync(file, 0o600);
  return { changed, removed };
}
