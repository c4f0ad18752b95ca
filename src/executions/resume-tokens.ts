import { createHmac, createSecretKey, timingSafeEqual, type KeyObject } from 'node:crypto';

/** Signs resume URLs so that only the holder of the URL can resume an execution. */
export class ResumeTokens {
  /** Imported once: every run signs its resume URL, and importing a text key each time costs more than the HMAC. */
  private readonly key: KeyObject;

  constructor(secret: string) {
    this.key = createSecretKey(Buffer.from(secret, 'utf8'));
  }

  sign(executionId: string): string {
    return createHmac('sha256', this.key).update(`resume:${executionId}`).digest('base64url');
  }

  verify(executionId: string, token: string | undefined): boolean {
    if (!token) return false;
    const expected = Buffer.from(this.sign(executionId));
    const given = Buffer.from(token);
    return expected.length === given.length && timingSafeEqual(expected, given);
  }

  url(publicUrl: string, executionId: string): string {
    return `${publicUrl}/webhook-waiting/${executionId}?signature=${this.sign(executionId)}`;
  }

  /** n8n's `$execution.resumeFormUrl`: where a run parked on a form page is answered. */
  formUrl(publicUrl: string, executionId: string): string {
    return `${publicUrl}/form-waiting/${executionId}?signature=${this.sign(executionId)}`;
  }
}
