import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

// Workflow-safe: only @temporalio/common. The dev server registers these at start
// (`--search-attribute LtFlowId=Keyword …`); a cluster operator registers them once.
export const FlowIdKey = defineSearchAttributeKey('LtFlowId', SearchAttributeType.KEYWORD);
export const FlowVersionKey = defineSearchAttributeKey('LtFlowVersion', SearchAttributeType.KEYWORD);
export const FlowHashKey = defineSearchAttributeKey('LtFlowHash', SearchAttributeType.KEYWORD);
export const AgencyKey = defineSearchAttributeKey('LtAgency', SearchAttributeType.KEYWORD);
export const TriggerKey = defineSearchAttributeKey('LtTrigger', SearchAttributeType.KEYWORD);
export const BusinessKeysKey = defineSearchAttributeKey('LtBusinessKeys', SearchAttributeType.KEYWORD_LIST);

export const SEARCH_ATTRIBUTES = [FlowIdKey, FlowVersionKey, FlowHashKey, AgencyKey, TriggerKey, BusinessKeysKey] as const;

export const TASK_QUEUE = 'lienthong-flows';

/**
 * The interpreter behaviour a run is started for, carried in its input (`engine`) so that replay needs no
 * marker: absent (1) = every expression through JSONata, as runs started before it existed replay;
 * 2 = JSONata's everyday subset evaluated synchronously (far fewer promises per node); 3 = `$count` joins that subset;
 * 4 = a foreach calling a connector over more than 100 items keeps its items and results in our database and runs them
 * in chunk activities (a few events per chunk instead of a batch workflow with an activity per item).
 */
export const INTERPRETER_ENGINE = 4;
