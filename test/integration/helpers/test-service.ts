import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import request from 'supertest';
import { loadConfig } from '../../../src/config';
import { createLogger } from '../../../src/logging';
import { buildService, type BuiltService } from '../../../src/server/build-service';
import type { NodeTypeDefinition } from '../../../src/contracts/node-type';
import type { Clock } from '../../../src/triggers/clock';
import type { WorkflowJson } from '../../../src/workflow/types';
import { integrationNodeTypes } from './test-node-types';

export const API_KEY = 'integration-test-key';
export const AUTH = { Authorization: `Bearer ${API_KEY}` };
export const PUBLIC_URL = 'http://sidecar.test';

export interface TestServiceOptions {
  workflows?: WorkflowJson[];
  env?: Record<string, string>;
  clock?: Clock;
  extraNodeTypes?: NodeTypeDefinition[];
  /** Reuse the data and workflow folders of an earlier instance (a restart). */
  dir?: string;
  /** Receives the JSON log lines (at LOG_LEVEL from env, `error` by default). */
  logLines?: string[];
}

export interface TestService {
  built: BuiltService;
  http: ReturnType<typeof request>;
  dir: string;
  workflowsDir: string;
  writeWorkflow(workflow: WorkflowJson): void;
  /** Shuts the service down; the folders stay for a restart until `cleanup`. */
  close(): Promise<void>;
  cleanup(): void;
}

const logger = (level: 'error' | 'http', lines?: string[]) =>
  createLogger(level, {
    stream: new Writable({
      write(chunk: Buffer, _encoding, callback) {
        lines?.push(...chunk.toString('utf8').split('\n').filter((line) => line !== ''));
        callback();
      },
    }),
  });

/** The real service on the embedded store, in temporary folders, driven over HTTP by supertest. */
export async function startTestService(options: TestServiceOptions = {}): Promise<TestService> {
  const dir = options.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'sidecar-it-'));
  const workflowsDir = path.join(dir, 'workflows');
  fs.mkdirSync(workflowsDir, { recursive: true });
  const writeWorkflow = (workflow: WorkflowJson) => {
    fs.writeFileSync(path.join(workflowsDir, `${workflow.id}.json`), JSON.stringify(workflow));
  };
  for (const workflow of options.workflows ?? []) writeWorkflow(workflow);
  const config = loadConfig(
    {
      DATA_DIR: path.join(dir, 'data'),
      WORKFLOWS_DIR: workflowsDir,
      SIDECAR_API_KEY: API_KEY,
      PUBLIC_URL,
      LOG_LEVEL: 'error',
      ...options.env,
    },
    { cwd: dir },
  );
  const built = buildService(config, {
    logger: logger(options.logLines ? 'http' : 'error', options.logLines),
    clock: options.clock,
    extraNodeTypes: [...integrationNodeTypes, ...(options.extraNodeTypes ?? [])],
    defaultMetrics: false,
    workflowRescanMs: 0,
  });
  await built.start();
  let closed = false;
  return {
    built,
    http: request(built.app),
    dir,
    workflowsDir,
    writeWorkflow,
    close: async () => {
      if (closed) return;
      closed = true;
      await built.shutdown(2000);
    },
    cleanup: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}
