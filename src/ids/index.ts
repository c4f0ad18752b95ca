export { newExecutionId } from './execution-id';
