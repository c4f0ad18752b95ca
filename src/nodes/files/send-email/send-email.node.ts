import type Mail from 'nodemailer/lib/mailer';
import type { Item } from '../../../contracts/run-data';
import type { NodeContext, NodeTypeDefinition } from '../../../contracts/node-type';
import { NodeOperationError, errorMessage } from '../../../errors';
import type { JsonObject, JsonValue } from '../../../workflow/json';
import { binaryToBuffer, inputBinary } from '../../binary-helpers';
import { readObject } from '../../core/shared/node-helpers';
import { smtpTransport, type SmtpCredentials } from './smtp-transport';

/** n8n's Send Email (typeVersions 2 and 2.1, operation "send") over SMTP with nodemailer. */

const ATTRIBUTION = 'This email was sent automatically with ';
const ATTRIBUTION_LINK = 'https://n8n.io/?utm_source=n8n-internal&utm_medium=powered_by&utm_campaign=n8n-nodes-base.emailSend';

/** n8n's toMailString: strings as they are, other values as text or JSON. */
function mailString(value: JsonValue | undefined): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/** A comma-separated list (or a list) of binary property names, as n8n's prepareBinariesDataList. */
function propertyList(value: JsonValue | undefined): string[] {
  if (Array.isArray(value)) return value.map(String);
  if (typeof value === 'object' && value !== null) return [JSON.stringify(value)];
  return String(value ?? '').split(',').map((name) => name.trim());
}

async function attachments(ctx: NodeContext, item: Item, itemIndex: number, options: JsonObject): Promise<Mail.Attachment[]> {
  const list: Mail.Attachment[] = [];
  if (!item.binary || (!options.attachments && !options.fileAttachments)) return list;
  // `attachments` (inline, referable by cid) before `fileAttachments`, as n8n orders them.
  for (const [key, inline] of [['attachments', true], ['fileAttachments', false]] as const) {
    if (!options[key]) continue;
    for (const property of propertyList(options[key])) {
      const binary = inputBinary(ctx, item, itemIndex, property);
      const attachment: Mail.Attachment = { filename: binary.fileName || 'unknown', content: await binaryToBuffer(ctx, binary, itemIndex) };
      if (inline) attachment.cid = property;
      list.push(attachment);
    }
  }
  return list;
}

async function credentialsOf(ctx: NodeContext, itemIndex: number): Promise<SmtpCredentials> {
  // Inline settings on the node (our extension for workflows without a credential store).
  const inline = ctx.getRawParam('smtp');
  if (inline !== null && typeof inline === 'object' && !Array.isArray(inline)) return readObject(ctx, 'smtp', itemIndex) as SmtpCredentials;
  return ctx.getCredentials<SmtpCredentials>('smtp', itemIndex);
}

async function sendOne(ctx: NodeContext, item: Item, itemIndex: number): Promise<JsonObject> {
  const param = (name: string, fallback?: JsonValue) => mailString(ctx.getParam<JsonValue | undefined>(name, itemIndex, fallback));
  const options = readObject(ctx, 'options', itemIndex);
  const emailFormat = param('emailFormat', 'html') ?? 'html';
  const mail: Mail.Options = {
    from: param('fromEmail'),
    to: param('toEmail'),
    cc: mailString(options.ccEmail),
    bcc: mailString(options.bccEmail),
    subject: param('subject'),
    replyTo: mailString(options.replyTo),
  };
  if (emailFormat === 'text' || emailFormat === 'both') mail.text = param('text', '');
  if (emailFormat === 'html' || emailFormat === 'both') mail.html = param('html', '');
  const appendAttribution = options.appendAttribution === undefined ? ctx.node.typeVersion >= 2.1 : options.appendAttribution === true;
  if (appendAttribution) {
    if (emailFormat === 'html' || (emailFormat === 'both' && mail.html)) {
      mail.html = `\n\t\t\t\t\t${String(mail.html)}\n\t\t\t\t\t<br>\n\t\t\t\t\t<br>\n\t\t\t\t\t---\n\t\t\t\t\t<br>\n\t\t\t\t\t<em>${ATTRIBUTION}<a href="${ATTRIBUTION_LINK}" target="_blank">n8n</a></em>\n\t\t\t\t\t`;
    } else {
      mail.text = `${String(mail.text)}\n\n---\n${ATTRIBUTION}n8n\nhttps://n8n.io`;
    }
  }
  const files = await attachments(ctx, item, itemIndex, options);
  if (files.length > 0) mail.attachments = files;
  const transport = smtpTransport(await credentialsOf(ctx, itemIndex), options);
  try {
    const info = await transport.sendMail(mail);
    return JSON.parse(JSON.stringify(info)) as JsonObject;
  } finally {
    transport.close();
  }
}

async function execute(ctx: NodeContext): Promise<Item[][]> {
  const operation = typeof ctx.getRawParam('operation') === 'string' ? String(ctx.getRawParam('operation')) : 'send';
  if (operation !== 'send') {
    throw new NodeOperationError(ctx.node.name, `Send Email: the "${operation}" operation is not supported by this service`, {
      description: 'Only "Send" is: use a Wait node with a webhook resume for approvals',
    });
  }
  const output: Item[] = [];
  for (const [itemIndex, item] of ctx.getInputItems().entries()) {
    try {
      output.push({ json: await sendOne(ctx, item, itemIndex), pairedItem: { item: itemIndex } });
    } catch (error) {
      if (ctx.continueOnFail()) {
        output.push({ json: { error: errorMessage(error) }, pairedItem: { item: itemIndex } });
        continue;
      }
      if (error instanceof NodeOperationError) throw error;
      throw new NodeOperationError(ctx.node.name, errorMessage(error), { itemIndex, cause: error });
    }
  }
  return [output];
}

export const sendEmailNode: NodeTypeDefinition = {
  type: 'n8n-nodes-base.emailSend',
  aliases: ['emailSend', 'sendEmail'],
  displayName: 'Send Email',
  versions: [2, 2.1],
  execute,
};
