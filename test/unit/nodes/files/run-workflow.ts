import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { executeWorkflow } from '../../../../src/engine/executor';
import type { Run } from '../../../../src/contracts/run-data';
import { createEngineDependencies } from '../../../../src/executions/engine-deps';
import { createDefaultRegistry } from '../../../../src/nodes/default-registry';
import type { Item } from '../../../../src/contracts/run-data';
import type { JsonObject } from '../../../../src/workflow/json';
import { parseWorkflowText } from '../../../../src/workflow/parse';
import type { NodeJson } from '../../../../src/workflow/types';

export interface FilesHarness {
  dataDir: string;
  filesDir: string;
  run(nodes: Array<[name: string, type: string, typeVersion: number, parameters: JsonObject, extra?: Partial<NodeJson>]>, triggerItems?: Item[]): Promise<Run>;
  output(run: Run, node: string): Item[];
  bytesOf(run: Run, node: string, itemIndex: number, property: string): Promise<Buffer>;
  close(): void;
}

/**
 * Runs a linear workflow (Manual Trigger first) through the real engine, sandbox and binary
 * store, with temporary DATA_DIR and FILES_DIR.
 */
export function filesHarness(binary: { inlineMaxBytes?: number; maxBytes?: number; filesDir?: boolean; allowExecuteCommand?: boolean } = {}): FilesHarness {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'files-nodes-'));
  const dataDir = path.join(root, 'data');
  const filesDir = path.join(root, 'files');
  fs.mkdirSync(filesDir, { recursive: true });
  const registry = createDefaultRegistry();
  const deps = createEngineDependencies(
    {
      codeTimeoutMs: 5000,
      codeMemoryMb: 128,
      maxNodeRuns: 1000,
      timezone: 'UTC',
      envAllowlist: [],
      dataDir,
      binary: {
        inlineMaxBytes: binary.inlineMaxBytes ?? 1024,
        maxBytes: binary.maxBytes ?? 10 * 1024 * 1024,
        ...(binary.filesDir === false ? {} : { filesDir }),
        allowExecuteCommand: binary.allowExecuteCommand ?? false,
      },
    },
    registry,
  );
  let counter = 0;
  return {
    dataDir,
    filesDir,
    async run(nodes, triggerItems) {
      const all: NodeJson[] = [{ name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, parameters: {} }, ...nodes.map(([name, type, typeVersion, parameters, extra]) => ({ name, type, typeVersion, parameters, ...extra }))];
      const connections: JsonObject = {};
      all.forEach((node, index) => {
        if (all[index + 1]) connections[node.name] = { main: [[{ node: all[index + 1].name, type: 'main', index: 0 }]] };
      });
      const workflow = parseWorkflowText(JSON.stringify({ id: 'wf-files', name: 'files', nodes: all, connections, settings: { executionOrder: 'v1' } }), 'test', registry);
      counter += 1;
      return executeWorkflow(deps, { workflow, executionId: `exec-${counter}`, mode: 'manual', triggerItems });
    },
    output(run, node) {
      const task = run.data.resultData.runData[node]?.[0];
      if (task?.error) throw new Error(`${node} failed: ${task.error.message}`);
      return task?.data?.main?.[0] ?? [];
    },
    async bytesOf(run, node, itemIndex, property) {
      const binary = this.output(run, node)[itemIndex]?.binary?.[property];
      if (!binary) throw new Error(`no binary ${property} on ${node}[${itemIndex}]`);
      const store = deps.services.binary;
      if (!store) throw new Error('no store');
      return store.toBuffer(binary);
    },
    close() {
      deps.expressions.dispose();
      fs.rmSync(root, { recursive: true, force: true });
    },
  };
}
