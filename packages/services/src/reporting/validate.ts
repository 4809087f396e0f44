import { evaluate } from '@lienthong/flow';
import type { ReportIndicator, ReportValues } from '@lienthong/db';
import { MEASUREMENT_UNITS } from './units.js';

export type IndicatorComments = Record<string, { vi: string; en: string }>;

/** Left side and formula of a rule such as "A03 = A02/A01*100". */
export function parseRule(rule: string): { target: string; formula: string } | null {
  const m = /^\s*([A-Za-z][A-Za-z0-9_]*)\s*=\s*(.+)$/.exec(rule);
  return m ? { target: m[1] as string, formula: m[2] as string } : null;
}

/** A rule's formula over a values object (JSONata, the flows' expression language); null when an input is missing. */
export async function evaluateFormula(formula: string, values: Record<string, unknown>): Promise<number | null> {
  const v = await evaluate(formula, { input: values, nodes: {}, vars: {}, run: { id: 'reporting', flowKey: 'reporting', version: 0, startedAt: '' } }, 'rule')
    .catch(() => null);
  return typeof v === 'number' && Number.isFinite(v) ? Math.round(v * 100) / 100 : null;
}

/**
 * Checks a unit's values against its template (DOMAIN §7.c step 4): required, type, the unit of measure (in the unit
 * catalogue and the template's), ranges and formulas. Answers a comment per indicator at fault; none = valid.
 */
export async function validateValues(indicators: readonly ReportIndicator[], values: ReportValues, units: Record<string, string> = {}): Promise<IndicatorComments> {
  const out: IndicatorComments = {};
  const byCode = new Map(indicators.map((i) => [i.code, i]));
  for (const code of Object.keys(values)) {
    if (!byCode.has(code)) out[code] = { vi: `Chỉ tiêu ${code} không có trong biểu mẫu`, en: `Indicator ${code} is not in the template` };
  }
  for (const i of indicators) {
    const v = values[i.code];
    const unit = units[i.code];
    if (v === undefined || v === null || v === '') {
      if (i.required) out[i.code] = { vi: `Chỉ tiêu ${i.code} (${i.name}) là bắt buộc`, en: `Indicator ${i.code} (${i.name}) is required` };
      continue;
    }
    if (i.type === 'text' ? typeof v !== 'string' : typeof v !== 'number' || !Number.isFinite(v)) {
      out[i.code] = i.type === 'text' ? { vi: `Chỉ tiêu ${i.code} phải là văn bản`, en: `Indicator ${i.code} must be text` }
        : { vi: `Chỉ tiêu ${i.code} phải là số`, en: `Indicator ${i.code} must be a number` };
      continue;
    }
    if (unit !== undefined && !MEASUREMENT_UNITS[unit]) {
      out[i.code] = { vi: `Đơn vị tính "${unit}" không có trong danh mục đơn vị tính`, en: `Unit "${unit}" is not in the unit catalogue` };
      continue;
    }
    if (unit !== undefined && unit !== i.unit) {
      out[i.code] = { vi: `Chỉ tiêu ${i.code} tính bằng ${MEASUREMENT_UNITS[i.unit]?.vi ?? i.unit}, không phải ${MEASUREMENT_UNITS[unit]?.vi ?? unit}`,
        en: `Indicator ${i.code} is in ${MEASUREMENT_UNITS[i.unit]?.en ?? i.unit}, not ${MEASUREMENT_UNITS[unit]?.en ?? unit}` };
      continue;
    }
    if (typeof v === 'number' && ((i.min !== undefined && v < i.min) || (i.max !== undefined && v > i.max))) {
      out[i.code] = { vi: `Chỉ tiêu ${i.code} = ${v} ngoài khoảng [${i.min ?? '−∞'}, ${i.max ?? '+∞'}]`, en: `Indicator ${i.code} = ${v} is outside [${i.min ?? '−∞'}, ${i.max ?? '+∞'}]` };
    }
  }
  for (const i of indicators) {
    const rule = i.rule ? parseRule(i.rule) : null;
    if (!rule || out[rule.target] || typeof values[rule.target] !== 'number') continue;
    const expected = await evaluateFormula(rule.formula, values);
    if (expected !== null && Math.abs(expected - (values[rule.target] as number)) > 0.01) {
      out[rule.target] = { vi: `Chỉ tiêu ${rule.target} phải bằng ${rule.formula} = ${expected}`, en: `Indicator ${rule.target} must equal ${rule.formula} = ${expected}` };
    }
  }
  return out;
}
