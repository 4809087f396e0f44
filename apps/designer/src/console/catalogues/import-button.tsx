import { App, Button, Upload } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { useT } from '../../i18n/lang.js';
import { useErrorText } from '../../i18n/error-text.js';
import { catalogueApi, type CatalogueKind } from './catalogues-api.js';
import { problemsOf, type Problems } from './problems.js';

/** The file's bytes as base64, in chunks (a spreadsheet is larger than one call's argument list). */
async function base64Of(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

/** Replaces the catalogue with a CSV or XLSX file (a new version); bad rows come back located by row and column. */
export function ImportButton({ kind, baseVersion, onDone, onProblems }: {
  kind: CatalogueKind; baseVersion: number; onDone: () => void; onProblems: (p: Problems | null) => void;
}) {
  const { t, lang } = useT();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const upload = async (file: File) => {
    const format = file.name.toLowerCase().endsWith('.xlsx') ? 'xlsx' : 'csv';
    try {
      const v = await catalogueApi.import({ kind, format, contentBase64: await base64Of(file), baseVersion, note: file.name.slice(0, 500) });
      onProblems(null);
      void message.success(t('catalogues.imported', { version: v.version, rows: v.rowCount }));
      onDone();
    } catch (e) { onProblems(problemsOf(e, lang, errorText(e))); }
  };
  return (
    <Upload accept=".csv,.xlsx" showUploadList={false} beforeUpload={(file) => { void upload(file); return false; }}>
      <Button icon={<UploadOutlined />} data-testid="catalogue-import">{t('catalogues.import')}</Button>
    </Upload>
  );
}
