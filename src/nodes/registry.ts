import { WorkflowValidationError } from '../errors';
import type { NodeTypeDefinition } from '../contracts/node-type';

export interface ResolvedNodeType {
  definition: NodeTypeDefinition;
  /** Full n8n type name. */
  type: string;
  /** The typeVersion the node runs at. */
  version: number;
}

/** Looks node types up by n8n name or seed alias and checks the typeVersion. */
export class NodeRegistry {
  private readonly byName = new Map<string, NodeTypeDefinition>();

  constructor(definitions: Iterable<NodeTypeDefinition>) {
    for (const definition of definitions) this.add(definition);
  }

  add(definition: NodeTypeDefinition): void {
    for (const name of [definition.type, ...(definition.aliases ?? [])]) {
      this.byName.set(name.toLowerCase(), definition);
    }
  }

  has(type: string): boolean {
    return this.byName.has(type.toLowerCase());
  }

  /** Types we know: full name, or short name, with or without the `n8n-nodes-base.` prefix. */
  find(type: string): NodeTypeDefinition | undefined {
    const key = type.toLowerCase();
    return this.byName.get(key) ?? this.byName.get(`n8n-nodes-base.${key}`);
  }

  /**
   * `version` undefined or 0 means the newest we support (the seed's short types carry none).
   * A version we do not implement is refused rather than run with other semantics.
   */
  resolve(type: string, version: number | undefined, nodeName: string): ResolvedNodeType {
    const definition = this.find(type);
    if (!definition) {
      throw new WorkflowValidationError(`Node "${nodeName}" has an unknown type "${type}"`, {
        node: nodeName,
        field: 'type',
      });
    }
    const newest = definition.versions[definition.versions.length - 1];
    if (version === undefined || version === 0) return { definition, type: definition.type, version: newest };
    if (!definition.versions.includes(version)) {
      throw new WorkflowValidationError(
        `Node "${nodeName}" uses ${definition.type} version ${version}, which is not supported ` +
          `(supported: ${definition.versions.join(', ')})`,
        { node: nodeName, field: 'typeVersion' },
      );
    }
    return { definition, type: definition.type, version };
  }

  list(): NodeTypeDefinition[] {
    return [...new Set(this.byName.values())];
  }
}
