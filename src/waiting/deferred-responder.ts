import type { WebhookReply, WebhookResponder } from '../contracts/node-services';

/** A WebhookResponder whose first reply settles a promise the resume route awaits. */
export interface DeferredResponder {
  responder: WebhookResponder;
  reply: Promise<WebhookReply>;
}

export function createDeferredResponder(): DeferredResponder {
  let resolveReply: (reply: WebhookReply) => void = () => undefined;
  const reply = new Promise<WebhookReply>((resolve) => {
    resolveReply = resolve;
  });
  let sent = false;
  const responder: WebhookResponder = {
    get sent() {
      return sent;
    },
    send(value: WebhookReply) {
      // n8n ignores a second Respond to Webhook: the caller already has its answer.
      if (sent) return;
      sent = true;
      resolveReply(value);
    },
  };
  return { responder, reply };
}
