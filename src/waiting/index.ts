export { WaitTracker } from './wait-tracker';
export type { WaitTrackerOptions, WaitResumer } from './wait-tracker';
export { createResumeWebhookHandler, handleResumeRequest } from './resume-webhook';
export type { ResumeRequest, ResumeWebhookDeps, ResumeWebhookHandler } from './resume-webhook';
export { inlineCredentials } from './webhook-auth';
export type { CredentialLookup } from './webhook-auth';
