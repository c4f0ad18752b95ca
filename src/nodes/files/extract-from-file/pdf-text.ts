import { Worker } from 'node:worker_threads';
import { NodeOperationError, errorMessage } from '../../../errors';
import type { Item } from '../../../contracts/run-data';
import type { NodeContext } from '../../../contracts/node-type';
import type { JsonObject, JsonValue } from '../../../workflow/json';
import { binaryToBuffer, inputBinary } from '../../binary-helpers';
import { copyJson } from '../../core/shared/json-values';
import { readObject, readString } from '../../core/shared/node-helpers';

/**
 * pdf.js (the version n8n 2.40 ships, so `version` and the text match) runs in a worker
 * thread: it is an ES module loaded by Node's own loader, and a hostile PDF costs that thread,
 * not the service's. The text is joined as n8n's parseText joins it.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
(async () => {
  const { getDocument, version } = require('pdfjs-dist/legacy/build/pdf.mjs');
  const parseText = (content) => {
    let lastY;
    const text = [];
    for (const item of content.items) {
      if ('str' in item) {
        if (lastY == item.transform[5] || !lastY) text.push(item.str);
        else text.push('\\n' + item.str);
        lastY = item.transform[5];
      }
    }
    return text.join('');
  };
  const { data, password, maxPages, joinPages } = workerData;
  const document = await getDocument({ password, isEvalSupported: false, data, verbosity: 0 }).promise;
  const { info, metadata } = await document.getMetadata().catch(() => ({ info: null, metadata: null }));
  const pages = [];
  if (maxPages !== 0) {
    let count = document.numPages;
    if (maxPages && maxPages < document.numPages) count = maxPages;
    for (let i = 1; i <= count; i++) pages.push(parseText(await (await document.getPage(i)).getTextContent()));
  }
  const result = {
    numpages: document.numPages,
    numrender: document.numPages,
    info,
    metadata: (metadata && Object.fromEntries([...metadata])) ?? undefined,
    text: joinPages ? pages.join('\\n\\n') : pages,
    version,
  };
  parentPort.postMessage({ ok: true, json: JSON.stringify(result) });
})().catch((error) => parentPort.postMessage({ ok: false, message: error && error.message ? error.message : String(error) }));
`;

function readPdf(data: Buffer, password: string | undefined, maxPages: number | undefined, joinPages: boolean, signal: AbortSignal): Promise<JsonObject> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { data: new Uint8Array(data), password, maxPages, joinPages } });
    const abort = () => void worker.terminate();
    signal.addEventListener('abort', abort, { once: true });
    const finish = () => signal.removeEventListener('abort', abort);
    worker.once('message', (message: { ok: boolean; json?: string; message?: string }) => {
      finish();
      void worker.terminate();
      if (message.ok && message.json !== undefined) resolve(JSON.parse(message.json) as JsonObject);
      else reject(new Error(message.message ?? 'The PDF could not be read'));
    });
    worker.once('error', (error) => {
      finish();
      reject(error);
    });
    worker.once('exit', (code) => {
      finish();
      if (code !== 0) reject(new Error(signal.aborted ? 'The execution was cancelled' : `The PDF reader stopped (exit code ${code})`));
    });
  });
}

/** n8n's Extract from File "Extract From PDF": numpages, info, metadata, text, version. */
export async function extractPdf(ctx: NodeContext, items: Item[]): Promise<Item[]> {
  const output: Item[] = [];
  for (const [itemIndex, item] of items.entries()) {
    try {
      const options = readObject(ctx, 'options', itemIndex);
      const property = readString(ctx, 'binaryPropertyName', itemIndex, 'data');
      const buffer = await binaryToBuffer(ctx, inputBinary(ctx, item, itemIndex, property), itemIndex);
      const password = typeof options.password === 'string' ? options.password : undefined;
      const maxPages = typeof options.maxPages === 'number' ? options.maxPages : undefined;
      const extracted = await readPdf(buffer, password, maxPages, options.joinPages !== false, ctx.signal);
      const keepSource = typeof options.keepSource === 'string' ? options.keepSource : undefined;
      const json: JsonObject = keepSource && keepSource !== 'binary' ? { ...copyJson(item.json), ...extracted } : extracted;
      const next: Item = { json, pairedItem: { item: itemIndex } };
      if (keepSource === 'binary' || keepSource === 'both') {
        if (item.binary) next.binary = item.binary;
      } else {
        const { [property]: _read, ...rest } = item.binary ?? {};
        next.binary = rest;
      }
      output.push(next);
    } catch (error) {
      if (ctx.continueOnFail()) {
        output.push({ json: { error: errorMessage(error) as JsonValue }, pairedItem: { item: itemIndex } });
        continue;
      }
      throw new NodeOperationError(ctx.node.name, errorMessage(error), { itemIndex, cause: error });
    }
  }
  return output;
}
