export { compile, withoutUi, type CompileResult, type CompileOptions } from './compile.js';
export { evaluate, evaluateMapping, expressionAst, expressionProblem, type ExpressionContext, type AstNode } from './expressions.js';
export { canonicalJson, contentHash, sha256Hex } from './hash.js';
export { credentialUses, type CredentialUse } from './credentials.js';
export { DEFAULT_HANDLE, ERROR_HANDLE, HANDLES, flowRef, resolveSubflows, subflowRefs, type Plan, type PlanNode } from './plan.js';
export { scheduleInput, scheduleBindings, firedAtInVietnam } from './schedule-input.js';
export { scheduleInputProblems, nextFireTime } from './schedule-check.js';
export { addWorkingDays, workingDaysBetween, isWorkingDay, isWorkingCalendar, type WorkingCalendar } from './calendar.js';
export { runCalendar } from './calendar-functions.js';
