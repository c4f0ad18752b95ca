import { AutomatorError } from '../errors';

/** The environment cannot configure the service; each issue names its variable. */
export class ConfigError extends AutomatorError {
  constructor(readonly issues: readonly string[]) {
    super(issues.join('; '), 'internal');
  }
}
