import type { WebhookReply, WebhookResponder } from '../../contracts/node-services';

/**
 * What a Respond to Webhook node hands to the waiting HTTP request. The first reply wins,
 * as in n8n; later ones are ignored.
 */
export class ResponseChannel implements WebhookResponder {
  private resolveReply!: (reply: WebhookReply) => void;
  private replied = false;
  readonly reply: Promise<WebhookReply>;

  constructor() {
    this.reply = new Promise<WebhookReply>((resolve) => {
      this.resolveReply = resolve;
    });
  }

  get sent(): boolean {
    return this.replied;
  }

  send(reply: WebhookReply): void {
    if (this.replied) return;
    this.replied = true;
    this.resolveReply(reply);
  }
}
