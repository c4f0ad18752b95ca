import type { JsonObject } from '../../../../src/workflow/json';
import type { Item } from '../../../../src/contracts/run-data';
import { NodeOperationError } from '../../../../src/errors';
import { htmlExtractNode } from '../../../../src/nodes/markup/html/html-extract-legacy';
import { htmlNode } from '../../../../src/nodes/markup/html/html.node';
import { items } from '../../../helpers/node-context';
import { contextWith, outputsOf } from '../core/context';

const page = '<h1> Shop \n list </h1><ul><li data-id="1"><a href="/a">Apple</a></li><li data-id="2"><a href="/b">Pear</a></li></ul>';
const values = (...rows: JsonObject[]): JsonObject => ({ values: rows });

async function extract(typeVersion: number, parameters: Record<string, unknown>, input: Item[], continueOnFail = false) {
  const ctx = contextWith({
    type: 'n8n-nodes-base.html',
    typeVersion,
    parameters: { operation: 'extractHtmlContent', dataPropertyName: 'page', ...parameters } as never,
    inputs: [input],
    continueOnFail,
  });
  return outputsOf(await htmlNode.execute(ctx));
}

describe('HTML: Extract HTML Content', () => {
  it('reads text (html-to-text from v1.2), attributes and HTML with CSS selectors', async () => {
    const extractionValues = values(
      { key: 'title', cssSelector: 'h1' },
      { key: 'links', cssSelector: 'li a', returnValue: 'attribute', attribute: 'href', returnArray: true },
      { key: 'first', cssSelector: 'li', returnValue: 'html' },
    );
    expect(await extract(1.2, { extractionValues }, items({ page }))).toEqual([
      [{ json: { title: 'Shop list', links: ['/a', '/b'], first: '<a href="/a">Apple</a>' }, pairedItem: { item: 0 } }],
    ]);
  });

  it('gives up to v1.1 undefined and from v1.2 an empty text for a selector that matches nothing', async () => {
    const extractionValues = values({ key: 'none', cssSelector: '.nothing' }, { key: 'list', cssSelector: '.nothing', returnArray: true });
    expect(await extract(1.1, { extractionValues }, items({ page }))).toEqual([[{ json: { none: undefined, list: [] }, pairedItem: { item: 0 } }]]);
    expect(await extract(1.2, { extractionValues }, items({ page }))).toEqual([[{ json: { none: '', list: [] }, pairedItem: { item: 0 } }]]);
  });

  it('trims and cleans values only when those options are set', async () => {
    const extractionValues = values({ key: 'title', cssSelector: 'h1' });
    expect(await extract(1.1, { extractionValues, options: { trimValues: true, cleanUpText: true } }, items({ page }))).toEqual([
      [{ json: { title: 'Shop list' }, pairedItem: { item: 0 } }],
    ]);
  });

  it('reads the HTML from a binary field', async () => {
    const input: Item[] = [{ json: {}, binary: { file: { data: Buffer.from(page).toString('base64'), mimeType: 'text/html' } } }];
    const result = await extract(1.2, { sourceData: 'binary', dataPropertyName: 'file', extractionValues: values({ key: 'n', cssSelector: 'li', returnArray: true }) }, input);
    // From v1.2 text is html-to-text's rendering: links keep their target.
    expect(result).toEqual([[{ json: { n: ['Apple [/a]', 'Pear [/b]'] }, pairedItem: { item: 0 } }]]);
    await expect(extract(1.2, { sourceData: 'binary', dataPropertyName: 'other' }, input)).rejects.toThrow("The item has no binary field 'other' [item 0]");
    await expect(extract(1.2, { sourceData: 'binary' }, items({}))).rejects.toThrow(
      "This operation expects the node's input data to contain a binary file 'page', but none was found [item 0]",
    );
  });

  it('names the missing property; with continue on fail the error becomes that item', async () => {
    const error = await extract(1.2, {}, items({ page }, { other: 1 })).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(NodeOperationError);
    expect(error).toMatchObject({ message: 'No property named "page" exists!', nodeName: 'Test Node', itemIndex: 1 });
    expect(await extract(1.2, { extractionValues: values({ key: 'h', cssSelector: 'h1' }) }, items({ page }, { other: 1 }), true)).toEqual([
      [
        { json: { h: 'Shop list' }, pairedItem: { item: 0 } },
        { json: { error: 'No property named "page" exists!' }, pairedItem: { item: 1 } },
      ],
    ]);
  });

  it('legacy HTML Extract trims by default and keeps empty text', async () => {
    const ctx = contextWith({
      parameters: { dataPropertyName: 'page', extractionValues: values({ key: 'title', cssSelector: 'h1' }, { key: 'none', cssSelector: '.x' }) },
      inputs: [items({ page })],
    });
    expect(outputsOf(await htmlExtractNode.execute(ctx))).toEqual([[{ json: { title: 'Shop \n list', none: '' }, pairedItem: { item: 0 } }]]);
  });
});

describe('HTML: Convert to HTML Table', () => {
  it('builds one table from all items, paired with all of them', async () => {
    const ctx = contextWith({
      parameters: { operation: 'convertToHtmlTable', options: { customStyling: true, capitalize: true, caption: 'People' } },
      inputs: [items({ first_name: 'Ann', vip: true }, { first_name: 'Bob', age: 3 })],
    });
    expect(outputsOf(await htmlNode.execute(ctx))).toEqual([
      [
        {
          json: {
            table:
              '<table  ><caption>People</caption><thead  ><tr><th>First Name</th><th>Vip</th><th>Age</th></tr></thead><tbody>' +
              '<tr  ><td  >Ann</td><td  ><input type="checkbox" checked="checked"/></td><td  >undefined</td></tr>' +
              '<tr  ><td  >Bob</td><td  >undefined</td><td  >3</td></tr></tbody></table>',
          },
          pairedItem: [{ item: 0 }, { item: 1 }],
        },
      ],
    ]);
  });
});
