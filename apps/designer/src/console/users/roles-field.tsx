import { Button, Form, Select, Space } from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { useT } from '../../i18n/lang.js';
import { label } from '../../i18n/messages.js';
import type { RoleGrant } from '../registry/admin-api.js';

/** Every role the API knows, in the order offered; a role added to the API and missing here fails the typecheck. */
const ROLE_ORDER: Record<RoleGrant['role'], number> = { admin: 0, designer: 1, operator: 2, officer: 3, auditor: 4, 'agency-viewer': 5 };
export const ROLE_NAMES = (Object.keys(ROLE_ORDER) as RoleGrant['role'][]).sort((a, b) => ROLE_ORDER[a] - ROLE_ORDER[b]);

/** Roles per agency: each grant a role, and an agency from the registry (empty: the whole platform). */
export function RolesField({ agencies }: { agencies: { value: string; label: string }[] }) {
  const { t, lang } = useT();
  return (
    <Form.List name="roles">
      {(fields, { add, remove }) => (
        <>
          {fields.map((f) => (
            <Space key={f.key} align="baseline">
              <Form.Item name={[f.name, 'role']} rules={[{ required: true, message: t('users.roleHelp') }]}>
                <Select style={{ width: 200 }} aria-label={t('users.role')} data-testid={`user-role-${f.name}`}
                  options={ROLE_NAMES.map((r) => ({ value: r, label: label(lang, `role.${r}`, r) }))} />
              </Form.Item>
              <Form.Item name={[f.name, 'agency']}>
                <Select allowClear showSearch style={{ width: 300 }} placeholder={t('users.wholePlatform')} aria-label={t('users.agency')} optionFilterProp="label" options={agencies} />
              </Form.Item>
              <Button type="text" icon={<MinusCircleOutlined />} onClick={() => remove(f.name)} aria-label={t('users.removeRole')} title={t('users.removeRole')} />
            </Space>
          ))}
          <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ role: 'operator' })} data-testid="user-role-add">{t('users.addRole')}</Button>
        </>
      )}
    </Form.List>
  );
}
