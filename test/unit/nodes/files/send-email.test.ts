import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { filesHarness, type FilesHarness } from './run-workflow';

interface Received {
  from: string;
  to: string[];
  raw: string;
  user?: string;
}

/** A real SMTP server on a free loopback port, keeping what it receives. */
async function startSmtp(): Promise<{ port: number; received: Received[]; close(): Promise<void> }> {
  const received: Received[] = [];
  const server = new SMTPServer({
    secure: false,
    disabledCommands: ['STARTTLS'],
    authOptional: true,
    onAuth(auth, _session, callback) {
      if (auth.username === 'mailer' && auth.password === 's3cret') callback(null, { user: auth.username });
      else callback(new Error('Invalid username or password'));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
          raw: Buffer.concat(chunks).toString('utf8'),
          user: typeof session.user === 'string' ? session.user : undefined,
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return { port, received, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** The headers of a raw message, unfolded, by lower-case name. */
function headersOf(raw: string): Record<string, string> {
  const head = raw.split('\r\n\r\n')[0].replace(/\r\n[ \t]+/g, ' ');
  return Object.fromEntries(head.split('\r\n').map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]));
}

describe('Send Email over SMTP (real server)', () => {
  let h: FilesHarness;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  beforeAll(async () => {
    h = filesHarness({ inlineMaxBytes: 8 });
    smtp = await startSmtp();
  });
  afterAll(async () => {
    await smtp.close();
    h.close();
  });

  it('delivers text with an attachment from binary data, with the exact headers, body and file', async () => {
    const csv = 'id,total\n1,99.50\n';
    const run = await h.run(
      [
        ['File', 'n8n-nodes-base.convertToFile', 1.1, { operation: 'toText', sourceProperty: 'csv', binaryPropertyName: 'report', options: { fileName: 'report.csv' } }],
        [
          'Mail',
          'n8n-nodes-base.emailSend',
          2.1,
          {
            fromEmail: 'Automator <bot@example.com>',
            toEmail: 'team@example.com, boss@example.com',
            subject: 'Daily report',
            emailFormat: 'text',
            text: 'Here is the report.',
            options: { ccEmail: 'cc@example.com', replyTo: 'help@example.com', appendAttribution: false, fileAttachments: 'report' },
            smtp: { host: '127.0.0.1', port: smtp.port, secure: false, disableStartTls: true, user: 'mailer', password: 's3cret' },
          },
        ],
      ],
      [{ json: { csv } }],
    );
    expect(run.status).toBe('success');
    expect(smtp.received).toHaveLength(1);
    const mail = smtp.received[0];
    expect(mail.user).toBe('mailer');
    expect(mail.from).toBe('bot@example.com');
    expect(mail.to).toEqual(['team@example.com', 'boss@example.com', 'cc@example.com']);
    const headers = headersOf(mail.raw);
    expect(headers).toMatchObject({
      from: 'Automator <bot@example.com>',
      to: 'team@example.com, boss@example.com',
      cc: 'cc@example.com',
      'reply-to': 'help@example.com',
      subject: 'Daily report',
      'mime-version': '1.0',
    });
    expect(headers['content-type']).toMatch(/^multipart\/mixed; boundary=/);
    const boundary = /boundary="?([^";]+)"?/.exec(headers['content-type'])?.[1] ?? '';
    const parts = mail.raw.split(`--${boundary}`).slice(1, -1);
    expect(parts).toHaveLength(2);
    expect(parts[0]).toContain('Content-Type: text/plain; charset=utf-8');
    expect(parts[0].split('\r\n\r\n')[1].trim()).toBe('Here is the report.');
    expect(parts[1]).toMatch(/Content-Type: text\/csv; name=report\.csv/);
    expect(parts[1]).toContain('Content-Disposition: attachment; filename=report.csv');
    expect(Buffer.from(parts[1].split('\r\n\r\n')[1].replace(/\s+/g, ''), 'base64').toString()).toBe(csv);
    const info = h.output(run, 'Mail')[0].json;
    expect(info).toMatchObject({ accepted: ['team@example.com', 'boss@example.com', 'cc@example.com'], rejected: [], envelope: { from: 'bot@example.com' } });
    expect(String(info.response)).toMatch(/^250 /);
  });

  it('appends n8n\'s attribution to HTML mail in v2.1 by default', async () => {
    const before = smtp.received.length;
    const run = await h.run([
      [
        'Mail',
        'n8n-nodes-base.emailSend',
        2.1,
        { fromEmail: 'bot@example.com', toEmail: 'a@example.com', subject: 'Hi', emailFormat: 'html', html: '<p>Hello</p>', options: {}, smtp: { host: '127.0.0.1', port: smtp.port, secure: false, disableStartTls: true } },
      ],
    ]);
    expect(run.status).toBe('success');
    const raw = smtp.received[before].raw;
    expect(headersOf(raw)['content-type']).toBe('text/html; charset=utf-8');
    expect(raw).toContain('<p>Hello</p>');
    expect(raw.replace(/=\r\n/g, '')).toContain('This email was sent automatically with <a href=3D"https://n8n.io/?utm_source=3Dn8n-internal');
  });

  it('fails with the server\'s answer on bad credentials, naming the node', async () => {
    const run = await h.run([
      [
        'Mail',
        'n8n-nodes-base.emailSend',
        2.1,
        { fromEmail: 'bot@example.com', toEmail: 'a@example.com', subject: 'x', emailFormat: 'text', text: 'x', options: {}, smtp: { host: '127.0.0.1', port: smtp.port, secure: false, disableStartTls: true, user: 'mailer', password: 'wrong' } },
      ],
    ]);
    expect(run.status).toBe('error');
    const error = run.data.resultData.runData.Mail[0].error;
    expect(error?.node?.name).toBe('Mail');
    expect(error?.message).toMatch(/Invalid username or password/);
    expect(JSON.stringify(run.data)).not.toContain('wrong');
  });
});
