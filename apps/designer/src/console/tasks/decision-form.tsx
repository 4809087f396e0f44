import { useState } from 'react';
import { Button, Checkbox, Form, Input, InputNumber, Select, Typography } from 'antd';
import { SendOutlined } from '@ant-design/icons';
import { schemaFields } from '../../model/schema-fields.js';
import { useT } from '../../i18n/lang.js';

interface Prop { type?: string | string[]; enum?: unknown[]; maxLength?: number; description?: string }

/** Empty optional fields are left out of the decision (the schema would refuse an empty string where it wants a value). */
const isEmpty = (v: unknown): boolean => v === '' || v === null || v === undefined;

/**
 * The task's decision form, generated from its JSON Schema (the designer's schemaFields: titles, required first): a
 * choice for an enum, a checkbox for a boolean, a number box for numbers, text otherwise. The server checks the
 * decision against the whole schema; its refusals come back with the field's pointer and are shown at that field.
 */
export function DecisionForm({ schema, disabled, onDecide }: {
  schema: Record<string, unknown>; disabled: boolean;
  onDecide: (decision: Record<string, unknown>) => Promise<{ pointer: string; message: string }[] | null>;
}) {
  const { t } = useT();
  const [form] = Form.useForm<Record<string, unknown>>();
  const [busy, setBusy] = useState(false);
  const [general, setGeneral] = useState<string | null>(null);
  const props = ((schema as { properties?: Record<string, Prop> }).properties) ?? {};
  const fields = schemaFields(schema);

  const submit = async (values: Record<string, unknown>) => {
    setGeneral(null);
    const decision = Object.fromEntries(Object.entries(values).filter(([, v]) => !isEmpty(v)));
    setBusy(true);
    try {
      const problems = await onDecide(decision);
      if (!problems) return;
      const byField = problems.filter((p) => /^\/[^/]+/.test(p.pointer));
      form.setFields(byField.map((p) => ({ name: p.pointer.split('/')[1] as string, errors: [p.message] })));
      const rest = problems.filter((p) => !byField.includes(p));
      if (rest.length > 0) setGeneral(rest.map((p) => p.message).join('; '));
    } finally { setBusy(false); }
  };

  return (
    <Form form={form} layout="vertical" onFinish={(v) => void submit(v)} disabled={disabled} data-testid="task-form">
      {fields.map((f) => {
        const p = props[f.name] ?? {};
        const rules = f.required && f.type !== 'boolean' ? [{ required: true, message: t('tasks.required') }] : [];
        const control = p.enum
          ? <Select data-testid={`task-field-${f.name}`} options={p.enum.map((v) => ({ value: v as string, label: String(v) }))} />
          : f.type === 'boolean' ? <Checkbox data-testid={`task-field-${f.name}`}>{f.title}</Checkbox>
          : f.type === 'number' || f.type === 'integer' ? <InputNumber data-testid={`task-field-${f.name}`} precision={f.type === 'integer' ? 0 : undefined} />
          : (p.maxLength ?? 1000) > 200 ? <Input.TextArea rows={3} data-testid={`task-field-${f.name}`} />
          : <Input data-testid={`task-field-${f.name}`} />;
        return (
          <Form.Item key={f.name} name={f.name} label={f.type === 'boolean' ? undefined : f.title} required={f.required} rules={rules}
            valuePropName={f.type === 'boolean' ? 'checked' : 'value'} extra={f.description}>
            {control}
          </Form.Item>
        );
      })}
      {general && <Typography.Text type="danger" data-testid="task-form-error">{general}</Typography.Text>}
      <Button type="primary" htmlType="submit" icon={<SendOutlined />} loading={busy} data-testid="task-decide">{t('tasks.decide')}</Button>
    </Form>
  );
}
