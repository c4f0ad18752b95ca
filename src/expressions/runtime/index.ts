import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { BUFFER_SOURCE } from './buffer';
import { CORE_SOURCE } from './core';
import { CUSTOM_DATA_SOURCE } from './custom-data';
import { DATA_ACCESS_SOURCE } from './data-access';
import { ENTRIES_SOURCE } from './entries';
import { NUMBER_ARRAY_EXTENSIONS_SOURCE } from './ext-number-array';
import { OBJECT_DATE_EXTENSIONS_SOURCE } from './ext-object-date';
import { STRING_EXTENSIONS_SOURCE } from './ext-string';
import { SCOPE_SOURCE } from './scope';

/** Entry points the runtime returns to the host. */
export const RUNTIME_ENTRIES = ['resolve', 'runCode', 'fireTimer', 'settleRequest', 'cancelCall', 'closeSession', 'extensionNames'] as const;
export type RuntimeEntry = (typeof RUNTIME_ENTRIES)[number];

/** Host functions the runtime receives, in this order, as the arguments of its init function. */
export const RUNTIME_CALLBACKS = ['hostSession', 'hostWorkflow', 'hostTask', 'hostCompile', 'hostTimer', 'hostLog', 'hostHash', 'hostContext', 'hostRequest'] as const;

const librarySources = new Map<string, string>();

/** A library file read once from node_modules, to be evaluated inside the isolate. */
function librarySource(packageName: string, file: string): string {
  const key = `${packageName}/${file}`;
  let source = librarySources.get(key);
  if (source === undefined) {
    const root = dirname(require.resolve(`${packageName}/package.json`));
    source = readFileSync(join(root, file), 'utf8');
    librarySources.set(key, source);
  }
  return source;
}

/**
 * The whole runtime as one script evaluating to an init function. Host callbacks arrive as
 * arguments (never as globals), so user code cannot reach them; init hardens the realm and
 * returns the entry points.
 */
export function buildRuntimeSource(): string {
  return [
    `(function (${RUNTIME_CALLBACKS.join(', ')}) {`,
    "'use strict';",
    // Luxon's browser build and jmespath (n8n's $jmespath), the same versions the host has.
    `var luxon = (function () {\n${librarySource('luxon', 'build/global/luxon.min.js')}\n;return luxon; })();`,
    `var jmespathLib = (function () { var exports = {};\n${librarySource('jmespath', 'jmespath.js')}\n;return exports; })();`,
    'var DateTime = luxon.DateTime, Duration = luxon.Duration, Interval = luxon.Interval;',
    'var Settings = luxon.Settings, IANAZone = luxon.IANAZone;',
    CORE_SOURCE,
    BUFFER_SOURCE,
    STRING_EXTENSIONS_SOURCE,
    NUMBER_ARRAY_EXTENSIONS_SOURCE,
    OBJECT_DATE_EXTENSIONS_SOURCE,
    DATA_ACCESS_SOURCE,
    CUSTOM_DATA_SOURCE,
    SCOPE_SOURCE,
    ENTRIES_SOURCE,
    "['DateTime', 'Duration', 'Interval'].forEach(function (name) {",
    '  Object.defineProperty(globalThis, name, { value: luxon[name], writable: false, enumerable: false, configurable: false });',
    '});',
    'harden();',
    'return {',
    '  resolve: resolveEntry, runCode: runCodeEntry, fireTimer: fireTimerEntry, settleRequest: settleRequestEntry,',
    '  cancelCall: cancelCallEntry, closeSession: closeSessionEntry,',
    '  extensionNames: function () { return JSON.stringify(Array.from(KNOWN_EXTENSIONS)); },',
    '};',
    '})',
  ].join('\n');
}
