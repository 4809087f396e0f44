import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ErrorObject, ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { FlowDocument } from './flow-document.js';

/** One problem found by a schema check: where (JSON pointer) and what. */
export interface SchemaIssue {
  pointer: string;
  keyword: string;
  /** English (ajv's wording). */
  message: string;
  /** Vietnamese. */
  messageVi: string;
  params: Record<string, unknown>;
}
export type Checked<T> = { ok: true; value: T } | { ok: false; issues: SchemaIssue[] };

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;

function createAjv(): Ajv2020 {
  const ajv = new Ajv2020({ allErrors: true, strict: false, coerceTypes: false, useDefaults: false });
  addFormats(ajv);
  return ajv;
}

const shared = createAjv();

export function toIssues(errors: readonly ErrorObject[] | null | undefined): SchemaIssue[] {
  return (errors ?? []).map((e) => {
    const missing = e.keyword === 'required' ? `/${String((e.params as { missingProperty?: string }).missingProperty)}` : '';
    const extra = e.keyword === 'additionalProperties' ? `/${String((e.params as { additionalProperty?: string }).additionalProperty)}` : '';
    return { pointer: `${e.instancePath}${missing}${extra}` || '/', keyword: e.keyword, message: e.message ?? e.keyword, messageVi: vietnamese(e), params: e.params as Record<string, unknown> };
  });
}

const typeVi: Record<string, string> = { string: 'chuỗi', number: 'số', integer: 'số nguyên', boolean: 'đúng/sai', object: 'đối tượng', array: 'mảng', null: 'null' };

/** ajv's messages in Vietnamese, for the keywords our schemas use. */
function vietnamese(e: ErrorObject): string {
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required': return `thiếu trường bắt buộc '${String(p.missingProperty)}'`;
    case 'additionalProperties': return `không cho phép trường '${String(p.additionalProperty)}'`;
    case 'type': return `phải là ${String(p.type).split(',').map((t) => typeVi[t] ?? t).join(' hoặc ')}`;
    case 'pattern': return `không đúng định dạng (mẫu ${String(p.pattern)})`;
    case 'format': return `không đúng định dạng ${String(p.format)}`;
    case 'minLength': return `phải có ít nhất ${String(p.limit)} ký tự`;
    case 'maxLength': return `chỉ được tối đa ${String(p.limit)} ký tự`;
    case 'minimum': return `phải lớn hơn hoặc bằng ${String(p.limit)}`;
    case 'maximum': return `phải nhỏ hơn hoặc bằng ${String(p.limit)}`;
    case 'exclusiveMinimum': return `phải lớn hơn ${String(p.limit)}`;
    case 'exclusiveMaximum': return `phải nhỏ hơn ${String(p.limit)}`;
    case 'minItems': return `phải có ít nhất ${String(p.limit)} phần tử`;
    case 'maxItems': return `chỉ được tối đa ${String(p.limit)} phần tử`;
    case 'enum': return `phải là một trong các giá trị: ${((p.allowedValues as unknown[]) ?? []).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'const': return `phải bằng ${JSON.stringify(p.allowedValue)}`;
    case 'propertyNames': return `tên trường '${String(p.propertyName)}' không hợp lệ`;
    case 'anyOf': case 'oneOf': return 'không khớp với dạng nào được phép';
    default: return `không hợp lệ (${e.keyword})`;
  }
}

/** Removes issues that are only echoes of a failed union branch, keeping the most specific ones. */
function prune(issues: SchemaIssue[]): SchemaIssue[] {
  const specific = issues.filter((i) => i.keyword !== 'anyOf' && i.keyword !== 'oneOf');
  const seen = new Set<string>();
  return (specific.length > 0 ? specific : issues).filter((i) => {
    const k = `${i.pointer}|${i.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

const validateFlow = shared.compile<FlowDocument>(FlowDocument);

export function checkFlowDocument(data: unknown): Checked<FlowDocument> {
  return validateFlow(data) ? { ok: true, value: data } : { ok: false, issues: prune(toIssues(validateFlow.errors)) };
}

const cache = new WeakMap<object, ValidateFunction>();
/** Validates data against any JSON Schema (a flow's inputSchema, a connector's input), with every issue listed. */
export function checkAgainst<T = unknown>(schema: object, data: unknown): Checked<T> {
  let validate = cache.get(schema);
  if (!validate) {
    validate = createAjv().compile(schema);
    cache.set(schema, validate);
  }
  return validate(data) ? { ok: true, value: data as T } : { ok: false, issues: prune(toIssues(validate.errors)) };
}
