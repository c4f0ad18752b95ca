import path from 'node:path';
import { FileBinaryStore } from '../binary';
import type { Config } from '../config';
import type { EngineDependencies } from '../engine/executor';
import { createExpressionEngine } from '../expressions';
import type { ExpressionEngine } from '../expressions/types';
import type { NodeRegistry } from '../nodes/registry';
import type { NodeServices } from '../contracts/node-services';
import { FetchHttpClient } from '../nodes/http/fetch-client';
import type { JsonObject } from '../workflow/json';

/** `$env` sees only the variables ENV_ALLOWLIST names. */
export function allowedEnv(allowlist: readonly string[], env: NodeJS.ProcessEnv): JsonObject {
  const visible: JsonObject = {};
  for (const name of allowlist) {
    const value = env[name];
    if (value !== undefined) visible[name] = value;
  }
  return visible;
}

export type EngineConfig = Pick<Config, 'codeTimeoutMs' | 'codeMemoryMb' | 'maxNodeRuns' | 'timezone' | 'envAllowlist'> &
  Partial<Pick<Config, 'binary' | 'dataDir' | 'codeConcurrency' | 'codeOffThread'>>;

/** Binary data under DATA_DIR/binary (n8n's filesystem mode) and the file nodes' limits. */
function fileServices(config: EngineConfig): NodeServices {
  if (config.binary === undefined || config.dataDir === undefined) return {};
  const { inlineMaxBytes, maxBytes, filesDir, allowExecuteCommand } = config.binary;
  return {
    binary: new FileBinaryStore({ directory: path.join(config.dataDir, 'binary'), inlineMaxBytes, maxBytes }),
    files: filesDir === undefined ? { allowExecuteCommand } : { filesDir, allowExecuteCommand },
  };
}

/** The engine's collaborators as the service and the CLI build them from configuration. */
export function createEngineDependencies(
  config: EngineConfig,
  registry: NodeRegistry,
  services: NodeServices = {},
  expressions: ExpressionEngine = createExpressionEngine({
    timeoutMs: config.codeTimeoutMs,
    memoryMb: config.codeMemoryMb,
    codeConcurrency: config.codeConcurrency,
    offThread: config.codeOffThread,
  }),
): EngineDependencies {
  return {
    nodeTypes: registry,
    expressions,
    services: { http: new FetchHttpClient(), ...fileServices(config), ...services },
    maxNodeRuns: config.maxNodeRuns,
    timezone: config.timezone,
    env: allowedEnv(config.envAllowlist, process.env),
    vars: {},
  };
}
