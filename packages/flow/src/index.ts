export { compile, withoutUi, type CompileResult } from './compile.js';
export { evaluate, evaluateMapping, expressionProblem, type ExpressionContext } from './expressions.js';
export { canonicalJson, contentHash, sha256Hex } from './hash.js';
export { DEFAULT_HANDLE, ERROR_HANDLE, type Plan, type PlanNode } from './plan.js';
