import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { filesHarness, type FilesHarness } from '../files/run-workflow';

const RSS = 'n8n-nodes-base.rssFeedRead';

const RSS_FEED = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Shop news</title><link>https://shop.example/</link><description>What is new</description>
  <item>
    <title>Spring sale &amp; more</title><link>https://shop.example/spring</link>
    <description><![CDATA[<p>Up to <b>30%</b> off</p>]]></description>
    <content:encoded><![CDATA[<p>Full <i>story</i> here</p>]]></content:encoded>
    <dc:creator>Ann</dc:creator><pubDate>Tue, 03 Mar 2026 10:00:00 GMT</pubDate>
    <guid isPermaLink="false">post-1</guid><category>sales</category><category>spring</category>
    <enclosure url="https://shop.example/a.jpg" length="1234" type="image/jpeg"/><priority>high</priority>
  </item>
  <item><title>New store</title><link>https://shop.example/store</link><description>Opening in Ghent</description>
    <pubDate>Wed, 04 Mar 2026 08:30:00 +0100</pubDate><guid>https://shop.example/store</guid></item>
</channel></rss>`;

const ATOM_FEED = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom news</title><id>urn:uuid:feed</id><updated>2026-03-05T10:00:00Z</updated>
  <entry><title>First entry</title><link href="https://atom.example/1"/><id>urn:uuid:1</id><updated>2026-03-05T10:00:00Z</updated>
    <published>2026-03-04T09:00:00Z</published><author><name>Bob</name></author><summary>Short summary</summary>
    <content type="html">&lt;p&gt;Body &lt;b&gt;one&lt;/b&gt;&lt;/p&gt;</content></entry>
</feed>`;

const SPRING = {
  creator: 'Ann',
  title: 'Spring sale & more',
  link: 'https://shop.example/spring',
  pubDate: 'Tue, 03 Mar 2026 10:00:00 GMT',
  'content:encoded': '<p>Full <i>story</i> here</p>',
  'content:encodedSnippet': 'Full story here',
  enclosure: { url: 'https://shop.example/a.jpg', length: '1234', type: 'image/jpeg' },
  'dc:creator': 'Ann',
  content: '<p>Up to <b>30%</b> off</p>',
  contentSnippet: 'Up to 30% off',
  guid: 'post-1',
  categories: ['sales', 'spring'],
  isoDate: '2026-03-03T10:00:00.000Z',
};
const STORE = {
  title: 'New store',
  link: 'https://shop.example/store',
  pubDate: 'Wed, 04 Mar 2026 08:30:00 +0100',
  content: 'Opening in Ghent',
  contentSnippet: 'Opening in Ghent',
  guid: 'https://shop.example/store',
  isoDate: '2026-03-04T07:30:00.000Z',
};

describe('RSS Read against a real local HTTP server', () => {
  let h: FilesHarness;
  let server: http.Server;
  let base: string;
  const accepts: string[] = [];

  beforeAll(async () => {
    h = filesHarness();
    server = http.createServer((request, response) => {
      accepts.push(String(request.headers.accept));
      const send = (status: number, type: string, body: string) => response.writeHead(status, { 'content-type': type }).end(body);
      if (request.url === '/feed.rss') send(200, 'application/rss+xml', RSS_FEED);
      else if (request.url === '/feed.atom') send(200, 'application/atom+xml', ATOM_FEED);
      else if (request.url === '/page') send(200, 'text/html', '<html><body>no feed</body></html>');
      else send(404, 'text/plain', 'no such feed');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    h.close();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const read = (version: number, parameters: Record<string, string | Record<string, string>>, inputs = 1, extra = {}) =>
    h.run([['RSS', RSS, version, parameters, extra]], Array.from({ length: inputs }, (_, n) => ({ json: { n } })));

  it('gives one item per entry with rss-parser\'s fields, custom fields on request', async () => {
    accepts.length = 0;
    const run = await read(1.2, { url: `${base}/feed.rss`, options: { customFields: 'priority' } });
    expect(h.output(run, 'RSS').map((item) => item.json)).toEqual([{ ...SPRING, priority: 'high' }, STORE]);
    expect(accepts).toEqual(['application/rss+xml, application/rdf+xml;q=0.8, application/atom+xml;q=0.6, application/xml;q=0.4, text/xml;q=0.4']);
  });

  it('reads Atom feeds', async () => {
    const run = await read(1.2, { url: `${base}/feed.atom` });
    expect(h.output(run, 'RSS').map((item) => item.json)).toEqual([
      { title: 'First entry', link: 'https://atom.example/1', pubDate: '2026-03-04T09:00:00.000Z', author: 'Bob', content: '<p>Body <b>one</b></p>', contentSnippet: 'Body one', summary: 'Short summary', id: 'urn:uuid:1', isoDate: '2026-03-04T09:00:00.000Z' },
    ]);
  });

  it('v1 reads the first input item only and pairs entries with every input; v1.1 reads each item', async () => {
    accepts.length = 0;
    const first = await read(1, { url: `${base}/feed.rss` }, 2);
    expect(h.output(first, 'RSS').map((item) => [item.json.title, item.pairedItem])).toEqual([
      ['Spring sale & more', [{ item: 0 }, { item: 1 }]],
      ['New store', [{ item: 0 }, { item: 1 }]],
    ]);
    const each = await read(1.1, { url: `${base}/feed.rss` }, 2);
    expect(h.output(each, 'RSS').map((item) => item.pairedItem)).toEqual([[{ item: 0 }], [{ item: 0 }], [{ item: 1 }], [{ item: 1 }]]);
    expect(accepts).toEqual(['application/rss+xml', 'application/rss+xml', 'application/rss+xml']);
  });

  it('fails clearly on a missing or bad URL, a refused connection, a 404 and a page that is no feed', async () => {
    const errors = async (url: string) => {
      const run = await read(1.2, { url }, 1, { onError: 'continueRegularOutput' });
      return h.output(run, 'RSS').map((item) => item.json.error);
    };
    expect(await errors('')).toEqual(['The parameter "URL" has to be set!']);
    expect(await errors('not a url')).toEqual(['The provided "URL" is not valid!']);
    expect(await errors('http://127.0.0.1:1/feed')).toEqual(['It was not possible to connect to the URL. Please make sure the URL "http://127.0.0.1:1/feed" it is valid!']);
    expect(await errors(`${base}/missing`)).toEqual(['Request failed with status code 404']);
    expect(await errors(`${base}/page`)).toEqual(['Feed not recognized as RSS 1 or 2.']);
    const stopped = await read(1.2, { url: `${base}/missing` });
    expect(stopped.status).toBe('error');
    expect(stopped.data.resultData.error?.message).toBe('Request failed with status code 404');
  });
});
