import { useQuery } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import { Alert, Tabs, Typography } from 'antd';
import { useT } from '../../i18n/lang.js';
import { useErrorText } from '../../i18n/error-text.js';
import { catalogueApi, catalogueKeys, type CatalogueKind } from './catalogues-api.js';
import { CatalogueView } from './catalogue-view.js';

/** `/catalogues`: the working calendar, administrative units, procedures and agencies; the kind is in the URL. */
export function CataloguesPage() {
  const { t, pick } = useT();
  const errorText = useErrorText();
  const [params, setParams] = useSearchParams();
  const list = useQuery({ queryKey: catalogueKeys.list, queryFn: () => catalogueApi.list() });
  const kinds = list.data ?? [];
  const kind = (kinds.find((k) => k.kind === params.get('kind'))?.kind ?? kinds[0]?.kind) as CatalogueKind | undefined;
  return (
    <main className="lt-page" data-testid="catalogues-page">
      <Typography.Title level={3}>{t('catalogues.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('catalogues.intro')}</Typography.Paragraph>
      {list.error && <Alert type="error" showIcon className="lt-gap" title={errorText(list.error)} />}
      {kind && (
        <Tabs activeKey={kind} onChange={(k) => setParams({ kind: k })} destroyOnHidden items={kinds.map((k) => ({
          key: k.kind, label: <span data-testid={`catalogue-tab-${k.kind}`}>{pick(k.title)}</span>, children: <CatalogueView kind={k.kind} />,
        }))} />
      )}
    </main>
  );
}
