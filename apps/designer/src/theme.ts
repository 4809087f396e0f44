import type { ThemeConfig } from 'antd';

/**
 * Ant Design in the red of the header, with every text at WCAG AA contrast (4.5:1) on white and on the light fills of
 * tags: Ant's defaults (secondary text at 45 % black, #52c41a on pale green, #1677ff links, #ff4d4f danger text, the 7th
 * shade of orange, gold, green… on their 1st) fail axe-core's color-contrast rule (test/e2e/accessibility.test.ts).
 * Status colours are darkened only where they colour text, so fills and icons keep Ant's palette.
 */
const statusText = { colorSuccess: '#237804', colorWarning: '#ad4e00', colorError: '#c62828', colorInfo: '#0958d9' };
const darkerShades = { volcano7: '#ad2102', orange7: '#ad4e00', gold7: '#874d00', yellow7: '#876800', lime7: '#3f6600', green7: '#237804', cyan7: '#006d75' };

export const theme: ThemeConfig = {
  // Ant's prebuilt stylesheet (antd/dist/antd.css, imported in main.tsx) instead of styles generated in the browser at
  // every first render: the run list's first page paints sooner (bench 9); our tokens still apply as CSS variables.
  zeroRuntime: true,
  token: {
    colorPrimary: '#b3261e', borderRadius: 4, colorLink: '#0958d9',
    colorTextDescription: 'rgba(0, 0, 0, 0.65)', colorTextTertiary: 'rgba(0, 0, 0, 0.65)', colorTextPlaceholder: 'rgba(0, 0, 0, 0.56)',
    colorSuccessText: statusText.colorSuccess, colorWarningText: statusText.colorWarning, colorErrorText: statusText.colorError, colorInfoText: statusText.colorInfo,
  },
  components: {
    Tag: { ...darkerShades, ...statusText },
    Typography: statusText,
    Button: { colorError: statusText.colorError },
    Form: { colorError: statusText.colorError },
    // The "no data" line of an empty table is not a disabled control: readable like any text.
    Table: { colorTextDisabled: 'rgba(0, 0, 0, 0.56)' },
  },
};
