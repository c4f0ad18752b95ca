import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';
import { NodeOperationError } from '../../src/errors';
import type { JsonObject, JsonValue } from '../../src/workflow/json';
import type { Item } from '../../src/contracts/run-data';
import type { OdooGateway } from '../../src/contracts/node-services';
import { FileBinaryStore } from '../../src/binary';
import { odooNode } from '../../src/nodes/odoo';
import { fakeContext } from '../helpers/node-context';

interface Call {
  model: string;
  method: string;
  args: JsonValue[];
  kwargs?: JsonObject;
}

const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(300, 1)]);

function setup(parameters: JsonObject, inputs: Item[], answer: (call: Call) => JsonValue, options: { continueOnFail?: boolean } = {}) {
  const calls: Call[] = [];
  const gateway: OdooGateway = {
    call: async (model, method, args, kwargs) => {
      const call: Call = { model, method, args, ...(kwargs ? { kwargs } : {}) };
      calls.push(call);
      return answer(call);
    },
  };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'odoo-attach-'));
  const binary = new FileBinaryStore({ directory: dir, inlineMaxBytes: 64, maxBytes: 10_000 });
  const ctx = fakeContext({ type: 'n8n-nodes-base.odoo', parameters, inputs: [inputs], services: { odoo: gateway, binary }, node: { name: 'Attach Invoice' }, continueOnFail: options.continueOnFail });
  return { ctx, calls, binary, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

describe('Odoo node: attachment resource (binary items to and from ir.attachment)', () => {
  it('attaches a stored binary property to a record, bytes base64 as datas', async () => {
    const store = new FileBinaryStore({ directory: fs.mkdtempSync(path.join(os.tmpdir(), 'odoo-src-')), inlineMaxBytes: 64, maxBytes: 10_000 });
    const stored = await store.fromBuffer('exec-test', pdf, { filePath: 'invoice-7.pdf', mimeType: 'application/pdf' });
    expect(stored.id).toBeDefined();
    const { ctx, calls, cleanup } = setup(
      { resource: 'attachment', operation: 'create', resModel: 'res.partner', resId: '7', binaryPropertyName: 'invoice' },
      [{ json: {}, binary: { invoice: stored } }],
      () => 55,
    );
    // The node reads through the run's own store: hand it the one that holds the file.
    ctx.services.binary = store;
    const result = await odooNode.execute(ctx);
    expect(result).toEqual([[{ json: { id: 55, name: 'invoice-7.pdf', mimetype: 'application/pdf', file_size: pdf.length, res_model: 'res.partner', res_id: 7 }, pairedItem: { item: 0 } }]]);
    expect(calls).toEqual([
      { model: 'ir.attachment', method: 'create', args: [{ name: 'invoice-7.pdf', datas: pdf.toString('base64'), mimetype: 'application/pdf', res_model: 'res.partner', res_id: 7 }] },
    ]);
    cleanup();
  });

  it('downloads an attachment into a binary property (stored past the inline limit), its fields as json', async () => {
    const { ctx, calls, binary, cleanup } = setup({ resource: 'attachment', operation: 'get', attachmentId: 55 }, [{ json: {} }], () => [
      { id: 55, name: 'invoice-7.pdf', mimetype: 'application/pdf', file_size: pdf.length, res_model: 'res.partner', res_id: 7, datas: pdf.toString('base64') },
    ]);
    const [[item]] = (await odooNode.execute(ctx)) as Item[][];
    expect(calls[0]).toEqual({ model: 'ir.attachment', method: 'read', args: [[55]], kwargs: { fields: ['name', 'mimetype', 'file_size', 'res_model', 'res_id', 'datas'] } });
    expect(item?.json).toEqual({ id: 55, name: 'invoice-7.pdf', mimetype: 'application/pdf', file_size: pdf.length, res_model: 'res.partner', res_id: 7 });
    expect(item?.binary?.data).toMatchObject({ mimeType: 'application/pdf', fileType: 'pdf', fileExtension: 'pdf', fileName: 'invoice-7.pdf', data: 'filesystem-v2', bytes: pdf.length });
    expect(await binary.toBuffer(item?.binary?.data as NonNullable<Item['binary']>[string])).toEqual(pdf);
    cleanup();
  });

  it('fails naming the node and item when the item has no such binary property, or the record id is unusable', async () => {
    const missing = setup({ resource: 'attachment', operation: 'create', resModel: 'res.partner', resId: 7 }, [{ json: {} }], () => 1);
    await expect(odooNode.execute(missing.ctx)).rejects.toThrow(new NodeOperationError('Attach Invoice', "This operation expects the node's input data to contain a binary file 'data', but none was found [item 0]"));
    expect(missing.calls).toEqual([]);
    missing.cleanup();
    const badId = setup({ resource: 'attachment', operation: 'create', resModel: 'res.partner', resId: 'seven' }, [{ json: {}, binary: { data: { data: 'aGk=', mimeType: 'text/plain' } } }], () => 1);
    await expect(odooNode.execute(badId.ctx)).rejects.toThrow('"Record ID" must be a record id (a positive whole number), not "seven" [item 0]');
    badId.cleanup();
    const noModel = setup({ resource: 'attachment', operation: 'create', resId: 3 }, [{ json: {}, binary: { data: { data: 'aGk=', mimeType: 'text/plain' } } }], () => 1);
    await expect(odooNode.execute(noModel.ctx)).rejects.toThrow('Set "Model" to attach the file to a record [item 0]');
    noModel.cleanup();
  });

  it('reports a missing attachment, or as an error item when continuing on fail', async () => {
    const gone = setup({ resource: 'attachment', operation: 'get', attachmentId: 99 }, [{ json: {} }, { json: {} }], () => [], { continueOnFail: true });
    expect(await odooNode.execute(gone.ctx)).toEqual([[
      { json: { error: 'Attachment 99 was not found [item 0]' }, pairedItem: { item: 0 } },
      { json: { error: 'Attachment 99 was not found [item 1]' }, pairedItem: { item: 1 } },
    ]]);
    gone.cleanup();
  });

  it('refuses operations the resource does not have', async () => {
    const { ctx, cleanup } = setup({ resource: 'attachment', operation: 'delete', attachmentId: 1 }, [{ json: {} }], () => true);
    await expect(odooNode.execute(ctx)).rejects.toThrow('The attachment resource supports "create" (attach a binary property to a record) and "get" (download one), not "delete"');
    cleanup();
  });
});
