/**
 * The HTTP side of n8n's webhooks, shared by the Webhook trigger and the Wait node's resume
 * URL (n8n's Wait node reuses the Webhook node's parameters): how a node answers
 * (response-config), who may call it (auth, credentials), how the body is read (body) and
 * the replies themselves (reply). Pure functions: no express, no store.
 */
export {
  AUTH_CREDENTIAL_TYPE,
  AUTH_WRONG,
  checkWebhookAuth,
  isWebhookAuthKind,
  MISSING_AUTH_DATA,
  sameSecret,
  webhookAuthFromCredential,
  type RequestHeaders,
  type WebhookAuth,
  type WebhookAuthKind,
} from './auth';
export { verifiedJwtPayload, verifyWebhookJwt, type JwtWebhookAuth } from './jwt-auth';
export { parseWebhookBody, type BodyOptions, type ParsedWebhookBody } from './body';
export { looksLikeBot } from './bots';
export { ResponseChannel } from './response-channel';
export { credentialReference, inlineCredentials, resolveWebhookAuth, storedCredentials, type CredentialHolder, type CredentialLookup } from './credentials';
export {
  afterRunReply,
  jsonReply,
  onReceivedReply,
  RESPONSE_TIMEOUT,
  runFailed,
  textReply,
  WORKFLOW_ERROR,
  type WebhookReply,
} from './reply';
export {
  headerEntries,
  isExpression,
  LAST_NODE_DATA,
  RESPONSE_MODES,
  optionalText,
  rawParameterReader,
  readWebhookResponseConfig,
  type LastNodeResponseData,
  type ParameterFailure,
  type ParameterReader,
  type WebhookResponseConfig,
  type WebhookResponseMode,
} from './response-config';
