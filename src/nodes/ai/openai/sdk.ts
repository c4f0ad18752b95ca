import type * as OpenAiSdk from 'openai';
import { lazyLibrary } from '../../lazy-library';

/**
 * The official OpenAI client library, loaded when a model node first needs it: it is the
 * largest library of the service (a sixth of its start-up when loaded eagerly) and most
 * workflows never call a model.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const openAiSdk = lazyLibrary(() => require('openai') as typeof OpenAiSdk);
