import type { NodeTypeDefinition } from '../types';

/** Nodes that park or hand work to other workflows (Wait, Execute Workflow). */
export const flowNodes: NodeTypeDefinition[] = [];
