import { Table, Tag, Typography } from 'antd';
import { useT } from '../../i18n/lang.js';

/** The JSON Schema keywords the catalogue explains; anything else is left to the raw schema below the table. */
interface Schema {
  type?: string | string[];
  title?: string;
  description?: string;
  pattern?: string;
  format?: string;
  enum?: unknown[];
  const?: unknown;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
}

export interface FieldRow { path: string; depth: number; type: string; required: boolean; title: string; rules: string[] }

const typeOf = (s: Schema): string => (Array.isArray(s.type) ? s.type.join(' | ') : s.type ?? (s.properties ? 'object' : s.enum ? 'enum' : '—'));

function rulesOf(s: Schema): string[] {
  const r: string[] = [];
  if (s.pattern) r.push(`pattern ${s.pattern}`);
  if (s.format) r.push(`format ${s.format}`);
  if (s.enum) r.push(`∈ ${s.enum.map((v) => JSON.stringify(v)).join(', ')}`);
  if (s.const !== undefined) r.push(`= ${JSON.stringify(s.const)}`);
  if (s.minLength !== undefined || s.maxLength !== undefined) r.push(`length ${s.minLength ?? 0}…${s.maxLength ?? '∞'}`);
  if (s.minimum !== undefined || s.maximum !== undefined) r.push(`${s.minimum ?? '−∞'} ≤ x ≤ ${s.maximum ?? '∞'}`);
  if (s.minItems !== undefined || s.maxItems !== undefined) r.push(`items ${s.minItems ?? 0}…${s.maxItems ?? '∞'}`);
  return r;
}

/** Every field of an input schema, depth first, with its JSON pointer-like path (`applicant.soDinhDanh`, `items[]`). */
export function fieldsOf(schema: unknown, path = '', depth = 0, required = true): FieldRow[] {
  const s = schema as Schema | undefined;
  if (!s || typeof s !== 'object' || depth > 8) return [];
  const here: FieldRow[] = path ? [{ path, depth, type: typeOf(s), required, title: [s.title, s.description].filter(Boolean).join(' — '), rules: rulesOf(s) }] : [];
  const props = Object.entries(s.properties ?? {}).flatMap(([k, v]) => fieldsOf(v, path ? `${path}.${k}` : k, path ? depth + 1 : depth, (s.required ?? []).includes(k)));
  const items = s.items ? fieldsOf(s.items, `${path}[]`, depth + 1, true) : [];
  return [...here, ...props, ...items];
}

/** An input schema as a table a developer reads: field, type, required, meaning and rules. */
export function SchemaView({ schema, testId }: { schema: unknown; testId: string }) {
  const { t } = useT();
  const rows = fieldsOf(schema);
  if (rows.length === 0) return <Typography.Text type="secondary" data-testid={testId}>{t('catalogue.noSchema')}</Typography.Text>;
  const columns = [
    { title: t('catalogue.field'), key: 'path', render: (r: FieldRow) => <code style={{ paddingLeft: r.depth * 16 }}>{r.path}</code> },
    { title: t('catalogue.type'), dataIndex: 'type', key: 'type' },
    { title: t('catalogue.required'), key: 'required', render: (r: FieldRow) => (r.required ? <Tag color="red">{t('catalogue.yes')}</Tag> : t('catalogue.no')) },
    { title: t('catalogue.meaning'), dataIndex: 'title', key: 'title' },
    { title: t('catalogue.rules'), key: 'rules', render: (r: FieldRow) => r.rules.map((x) => <div key={x}><code>{x}</code></div>) },
  ];
  return <Table<FieldRow> rowKey="path" size="small" columns={columns} dataSource={rows} pagination={false} data-testid={testId} />;
}
