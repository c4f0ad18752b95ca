export { WaitTracker } from './wait-tracker';
export type { WaitTrackerOptions, WaitResumer } from './wait-tracker';
export { createResumeWebhookHandler } from './resume-webhook';
export type { ResumeRequest, ResumeWebhookDeps, ResumeWebhookHandler } from './resume-webhook';
