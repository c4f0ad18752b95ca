import type { NodeTypeDefinition } from '../../contracts/node-type';
import { aggregateNode } from './aggregate';
import { compareDatasetsNode } from './compare-datasets';
import { itemListsNode } from './item-lists';
import { limitNode } from './limit';
import { mergeNode } from './merge';
import { removeDuplicatesNode } from './remove-duplicates';
import { renameKeysNode } from './rename-keys';
import { sortNode } from './sort';
import { splitInBatchesNode } from './split-in-batches';
import { splitOutNode } from './split-out';
import { summarizeNode } from './summarize';

/** Data-transformation nodes: Merge, Sort, Limit, Remove Duplicates, Split Out, Aggregate, Summarize, Loop Over Items, Rename Keys, Compare Datasets, Item Lists. */
export const transformNodes: NodeTypeDefinition[] = [
  mergeNode,
  sortNode,
  limitNode,
  removeDuplicatesNode,
  splitOutNode,
  aggregateNode,
  splitInBatchesNode,
  summarizeNode,
  renameKeysNode,
  compareDatasetsNode,
  itemListsNode,
];
