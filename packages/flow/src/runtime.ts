// Workflow-safe entry point: what the interpreter needs at run time, without the compiler and its validators.
export { evaluate, evaluateMapping, type ExpressionContext } from './expressions.js';
export { DEFAULT_HANDLE, ERROR_HANDLE, flowRef, type Plan, type PlanNode } from './plan.js';
export { scheduleInput, firedAtInVietnam } from './schedule-input.js';
export { addWorkingDays, workingDaysBetween, isWorkingDay, isWorkingCalendar, type WorkingCalendar } from './calendar.js';
