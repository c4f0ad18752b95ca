import { IANAZone } from 'luxon';
import { z } from 'zod';

/**
 * zod fields over raw environment strings. Each turns an unset or blank variable into its
 * default and any other unusable value into one issue that names the variable and quotes
 * what it got, so a bad deployment is fixed from the first log line.
 */

type RawValue = string | undefined;

function isBlank(raw: RawValue): raw is undefined | '' {
  return raw === undefined || raw.trim() === '';
}

function fail(ctx: z.RefinementCtx, message: string): typeof z.NEVER {
  ctx.addIssue({ code: z.ZodIssueCode.custom, message });
  return z.NEVER;
}

interface IntegerRule {
  min: number;
  max?: number;
  /** Extra wording for a special value below `min`, e.g. "-1 (unlimited)". */
  special?: { value: number; label: string };
}

function describeIntegerRule(rule: IntegerRule): string {
  const range = rule.max === undefined ? `an integer of at least ${rule.min}` : `an integer from ${rule.min} to ${rule.max}`;
  return rule.special ? `${rule.special.label} or ${range}` : range;
}

function parseInteger(name: string, raw: string, rule: IntegerRule, ctx: z.RefinementCtx): number {
  const text = raw.trim();
  const value = /^[-+]?\d+$/.test(text) ? Number(text) : Number.NaN;
  const allowed =
    Number.isSafeInteger(value) &&
    (value === rule.special?.value || (value >= rule.min && (rule.max === undefined || value <= rule.max)));
  if (!allowed) return fail(ctx, `${name} must be ${describeIntegerRule(rule)}, got '${raw}'`);
  return value;
}

export function integerVar(name: string, rule: IntegerRule, fallback: number) {
  return z
    .string()
    .optional()
    .transform((raw, ctx) => (isBlank(raw) ? fallback : parseInteger(name, raw, rule, ctx)));
}

/** An integer setting that is off when unset. */
export function optionalIntegerVar(name: string, rule: IntegerRule) {
  return z
    .string()
    .optional()
    .transform((raw, ctx): number | undefined => (isBlank(raw) ? undefined : parseInteger(name, raw, rule, ctx)));
}

/** Timers take at most 2^31-1 ms; a larger timeout would fire at once. */
export const MAX_TIMER_MS = 2_147_483_647;

export function millisecondsVar(name: string, fallback: number, min = 1) {
  return integerVar(name, { min, max: MAX_TIMER_MS }, fallback);
}

const TRUE_WORDS = new Set(['true', '1', 'yes', 'on']);
const FALSE_WORDS = new Set(['false', '0', 'no', 'off']);

export function booleanVar(name: string, fallback: boolean) {
  return z
    .string()
    .optional()
    .transform((raw, ctx) => {
      if (isBlank(raw)) return fallback;
      const word = raw.trim().toLowerCase();
      if (TRUE_WORDS.has(word)) return true;
      if (FALSE_WORDS.has(word)) return false;
      return fail(ctx, `${name} must be true or false, got '${raw}'`);
    });
}

export function enumVar<const T extends readonly [string, ...string[]]>(name: string, values: T, fallback: T[number]) {
  return z
    .string()
    .optional()
    .transform((raw, ctx): T[number] => {
      if (isBlank(raw)) return fallback;
      const word = raw.trim().toLowerCase();
      const match = values.find((value) => value === word);
      if (match === undefined) return fail(ctx, `${name} must be one of ${values.join(', ')}, got '${raw}'`);
      return match;
    });
}

/** Plain text; blank counts as unset. Secrets keep their exact bytes (no trimming). */
export function textVar(options: { trim: boolean } = { trim: true }) {
  return z
    .string()
    .optional()
    .transform((raw) => (isBlank(raw) ? undefined : options.trim ? raw.trim() : raw));
}

/** An absolute URL with one of `protocols`, returned without trailing slashes. */
export function urlVar(name: string, protocols: readonly string[], example: string) {
  return z
    .string()
    .optional()
    .transform((raw, ctx): string | undefined => {
      if (isBlank(raw)) return undefined;
      const text = raw.trim();
      let url: URL | undefined;
      try {
        url = new URL(text);
      } catch {
        url = undefined;
      }
      if (url === undefined || !protocols.includes(url.protocol.slice(0, -1)) || url.hostname === '') {
        return fail(ctx, `${name} must be a URL with scheme ${protocols.join(' or ')}, such as ${example}, got '${raw}'`);
      }
      return text.replace(/\/+$/, '');
    });
}

export function timezoneVar(name: string, fallback: string) {
  return z
    .string()
    .optional()
    .transform((raw, ctx) => {
      if (isBlank(raw)) return fallback;
      const zone = raw.trim();
      if (!IANAZone.isValidZone(zone)) return fail(ctx, `${name} must be an IANA time zone such as Europe/Brussels, got '${raw}'`);
      return zone;
    });
}

const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Comma-separated environment variable names, none of them one of `forbidden`. */
export function variableListVar(name: string, forbidden: readonly string[]) {
  return z
    .string()
    .optional()
    .transform((raw, ctx): readonly string[] => {
      if (isBlank(raw)) return [];
      const names = raw
        .split(',')
        .map((entry) => entry.trim())
        .filter((entry) => entry !== '');
      const invalid = names.find((entry) => !VARIABLE_NAME.test(entry));
      if (invalid !== undefined) return fail(ctx, `${name} must list environment variable names separated by commas, got '${invalid}'`);
      const secret = names.find((entry) => forbidden.includes(entry));
      if (secret !== undefined) return fail(ctx, `${name} must not expose the service's own secret ${secret}`);
      return [...new Set(names)];
    });
}
