import type { ReportIndicator, ReportLineage, ReportValues } from '@lienthong/db';
import { evaluateFormula, parseRule } from './validate.js';

/** One approved unit report as the roll-up reads it. */
export interface AggregateSource { assignmentId: string; submissionId: string; unitCode: string; revision: number; values: ReportValues }

const round2 = (n: number) => Math.round(n * 100) / 100;

/** One indicator's value from its sources by its aggregation (the rule kind is computed afterwards, from the other values). */
export function combine(aggregation: string, values: readonly (number | string | null)[]): number | string | null {
  const nums = values.filter((v): v is number => typeof v === 'number');
  switch (aggregation) {
    case 'sum': return round2(nums.reduce((a, b) => a + b, 0));
    case 'avg': return nums.length ? round2(nums.reduce((a, b) => a + b, 0) / nums.length) : null;
    case 'max': return nums.length ? Math.max(...nums) : null;
    case 'min': return nums.length ? Math.min(...nums) : null;
    case 'text_concat': { const t = values.filter((v): v is string => typeof v === 'string' && v !== ''); return t.length ? t.join('; ') : null; }
    default: return null;
  }
}

/**
 * The roll-up with lineage (DOMAIN §7.c step 5): each value lists every unit value it was computed from (assignment,
 * submission, revision, value); a rule indicator ("A03 = A02/A01*100") is its formula over the aggregated values.
 */
export async function aggregateWithLineage(indicators: readonly ReportIndicator[], sources: readonly AggregateSource[]): Promise<ReportLineage[]> {
  const ordered = [...sources].sort((a, b) => a.unitCode.localeCompare(b.unitCode));
  const out: ReportLineage[] = [];
  const totals: Record<string, number | string | null> = {};
  for (const i of indicators) {
    if (i.aggregation === 'rule') continue;
    const used = i.aggregation === 'none' ? [] : ordered.filter((s) => s.values[i.code] !== undefined && s.values[i.code] !== null);
    const value = combine(i.aggregation, used.map((s) => s.values[i.code] ?? null));
    totals[i.code] = value;
    out.push({ indicatorCode: i.code, aggregation: i.aggregation, value,
      sources: used.map((s) => ({ assignmentId: s.assignmentId, submissionId: s.submissionId, unitCode: s.unitCode, revision: s.revision, value: s.values[i.code] ?? null })) });
  }
  for (const i of indicators) {
    if (i.aggregation !== 'rule') continue;
    const rule = i.rule ? parseRule(i.rule) : null;
    const value = rule ? await evaluateFormula(rule.formula, totals) : null;
    totals[i.code] = value;
    out.push({ indicatorCode: i.code, aggregation: 'rule', value, ...(i.rule ? { rule: i.rule } : {}), sources: [] });
  }
  const order = new Map(indicators.map((i, n) => [i.code, n]));
  return out.sort((a, b) => (order.get(a.indicatorCode) ?? 0) - (order.get(b.indicatorCode) ?? 0));
}
