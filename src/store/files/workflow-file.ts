import fs from 'node:fs';
import path from 'node:path';
import { isJsonObject } from '../../workflow/json';
import type { WorkflowJson } from '../../workflow/types';

/** A workflow file that could be read as an n8n workflow export. */
export interface ReadableWorkflowFile {
  readonly ok: true;
  readonly fileName: string;
  readonly version: string;
  /** Canvas id: the file's `id`, or its name without `.json`. */
  readonly id: string;
  readonly name: string;
  readonly json: WorkflowJson;
}

/** A workflow file that cannot be served; `problem` names the file and says why. */
export interface BrokenWorkflowFile {
  readonly ok: false;
  readonly fileName: string;
  readonly version: string;
  readonly problem: string;
}

export type WorkflowFile = ReadableWorkflowFile | BrokenWorkflowFile;

export function fileStem(fileName: string): string {
  return fileName.slice(0, -'.json'.length);
}

/**
 * Reads one file as n8n export JSON. Checks only the shape a store needs (an object with
 * a `nodes` array); the workflow builder validates nodes and connections when it runs.
 */
export function readWorkflowFile(directory: string, fileName: string, version: string): WorkflowFile {
  const broken = (reason: string): BrokenWorkflowFile => ({
    ok: false,
    fileName,
    version,
    problem: `Workflow file '${fileName}' ${reason}`,
  });
  let text: string;
  try {
    text = fs.readFileSync(path.join(directory, fileName), 'utf8');
  } catch (error) {
    return broken(`cannot be read: ${(error as Error).message}`);
  }
  let parsed: unknown;
  try {
    // Editors on Windows may save a byte-order mark, which JSON.parse refuses.
    parsed = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    return broken(`is not valid JSON: ${(error as Error).message}`);
  }
  if (!isJsonObject(parsed)) {
    const kind = Array.isArray(parsed) ? 'an array' : parsed === null ? 'null' : `a ${typeof parsed}`;
    return broken(`must hold one workflow as a JSON object, got ${kind}`);
  }
  if (!Array.isArray(parsed.nodes)) return broken("has no 'nodes' array");
  if (parsed.connections !== undefined && !isJsonObject(parsed.connections)) {
    return broken("has 'connections' that is not an object");
  }
  const rawId = parsed.id;
  if (rawId !== undefined && rawId !== null && typeof rawId !== 'string' && typeof rawId !== 'number') {
    return broken("has an 'id' that is neither a string nor a number");
  }
  const id = rawId === undefined || rawId === null || rawId === '' ? fileStem(fileName) : String(rawId);
  const name = typeof parsed.name === 'string' && parsed.name.trim() !== '' ? parsed.name : id;
  const json = { ...parsed, connections: parsed.connections ?? {}, id, name } as unknown as WorkflowJson;
  return { ok: true, fileName, version, id, name, json };
}
