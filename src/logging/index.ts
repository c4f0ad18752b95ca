export { createLogger, childLogger, LOG_LEVELS } from './logger';
export type { Logger, LogLevel, LogContext, LoggerOptions, LogSink } from './logger';
export { redactSecrets, redactValue, redactText, isSecretKey, REDACTED } from './redact';
export { rememberSecrets, maskKnownSecrets } from './known-secrets';
