import { NodeOperationError } from '../../../../src/errors';
import { markdownNode } from '../../../../src/nodes/markup/markdown';
import { xmlNode } from '../../../../src/nodes/markup/xml';
import { items } from '../../../helpers/node-context';
import { contextWith, outputsOf } from '../core/context';

const run = (node: typeof markdownNode, parameters: Record<string, unknown>, input = items({ id: 1 }), continueOnFail = false) =>
  node.execute(contextWith({ parameters: parameters as never, inputs: [input], continueOnFail }));

describe('Markdown', () => {
  it('converts Markdown to HTML with showdown into a copy of the item', async () => {
    const result = await run(markdownNode, { mode: 'markdownToHtml', markdown: '# T\n\n*a* **b**', destinationKey: 'out.html' });
    expect(outputsOf(result)).toEqual([[{ json: { id: 1, out: { html: '<h1 id="t">T</h1>\n<p><em>a</em> <strong>b</strong></p>' } } }]]);
  });

  it('converts HTML to Markdown by default, with its options', async () => {
    const html = '<h2>Hi</h2><ul><li>a</li></ul><p>x <em>y</em></p>';
    expect(outputsOf(await run(markdownNode, { html }))).toEqual([[{ json: { id: 1, data: '## Hi\n\n* a\n\nx _y_' } }]]);
    const custom = await run(markdownNode, { html, options: { bulletMarker: '-', emDelimiter: '*', ignore: 'h2' } });
    // node-html-markdown 1.2 takes `ignore` from translate() but does not act on it: in n8n neither.
    expect(outputsOf(custom)).toEqual([[{ json: { id: 1, data: '## Hi\n\n- a\n\nx *y*' } }]]);
  });

  it('leaves the field out when the Markdown expression gives nothing', async () => {
    const ctx = contextWith({ parameters: { mode: 'markdownToHtml', markdown: '={{ $json.missing }}' }, inputs: [items({ id: 1 })] });
    const result = await markdownNode.execute({ ...ctx, getParam: (path, itemIndex, fallback) => (path === 'markdown' ? undefined : ctx.getParam(path, itemIndex, fallback)) as never });
    expect(JSON.parse(JSON.stringify(outputsOf(result)))).toEqual([[{ json: { id: 1 } }]]);
  });
});

describe('XML', () => {
  const xml = '<library open="yes"><book id="1"><title>Dune</title></book><book id="2"><title>Emma</title></book></library>';

  it('parses XML with n8n defaults: attributes merged, arrays only when repeated', async () => {
    const result = await run(xmlNode, {}, items({ data: xml }));
    expect(outputsOf(result)).toEqual([
      [{ json: { library: { open: 'yes', book: [{ id: '1', title: 'Dune' }, { id: '2', title: 'Emma' }] } } }],
    ]);
  });

  it('renames tags that would reach Object.prototype', async () => {
    const result = await run(xmlNode, {}, items({ data: '<r><__proto__>x</__proto__></r>' }));
    expect(outputsOf(result)).toEqual([[{ json: { r: { sanitized___proto__: 'x' } } }]]);
  });

  it('builds XML from the whole item, paired with it', async () => {
    const result = await run(xmlNode, { mode: 'jsonToxml', options: { headless: true, rootName: 'order' } }, items({ id: 7, lines: ['a', 'b'] }));
    expect(outputsOf(result)).toEqual([
      [{ json: { data: '<order>\n  <id>7</id>\n  <lines>a</lines>\n  <lines>b</lines>\n</order>' }, pairedItem: { item: 0 } }],
    ]);
  });

  it('fails on invalid XML with the parser message, naming node and item', async () => {
    const error = await run(xmlNode, {}, items({ data: '<a>ok</a>' }, { data: '<a><b></a>' })).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(NodeOperationError);
    expect(error).toMatchObject({ message: 'Unexpected close tag\nLine: 0\nColumn: 10\nChar: >', nodeName: 'Test Node', itemIndex: 1 });
  });

  it('drops the failed item when continuing on fail, as n8n 2.40 does', async () => {
    const result = await run(xmlNode, {}, items({ data: '<a>1</a>' }, { data: 'not xml' }, { other: 1 }, { data: '<c/>' }), true);
    expect(outputsOf(result)).toEqual([[{ json: { a: '1' } }, { json: { c: '' } }]]);
  });

  it('names the missing property', async () => {
    await expect(run(xmlNode, { dataPropertyName: 'xml' }, items({ data: '<a/>' }))).rejects.toMatchObject({
      message: 'Item has no JSON property called "xml"',
      itemIndex: 0,
    });
  });

  it('refuses attribute and character keys that would reach Object.prototype', async () => {
    await expect(run(xmlNode, { options: { attrkey: '__proto__' } }, items({ data: '<a/>' }))).rejects.toThrow(
      'The "Attribute Key" option value "__proto__" is not allowed',
    );
    await expect(run(xmlNode, { options: { charkey: 'constructor' } }, items({ data: '<a/>' }), true)).rejects.toThrow(
      'The "Character Key" option value "constructor" is not allowed',
    );
  });
});
