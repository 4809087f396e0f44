import type { ThemeConfig } from 'antd';

/**
 * Ant Design in the red of the header, with every text at WCAG AA contrast (4.5:1) on white and on the light fills of
 * tags and alerts: Ant's defaults (secondary text at 45 % black, #52c41a on pale green, #1677ff links, the 7th shade of
 * orange, gold, green… on their 1st) fail axe-core's color-contrast rule (test/e2e/accessibility.test.ts).
 */
const darkerShades = { volcano7: '#ad2102', orange7: '#ad4e00', gold7: '#874d00', yellow7: '#876800', lime7: '#3f6600', green7: '#237804', cyan7: '#006d75' };

export const theme: ThemeConfig = {
  token: {
    colorPrimary: '#b3261e', borderRadius: 4,
    colorTextDescription: 'rgba(0, 0, 0, 0.65)', colorTextTertiary: 'rgba(0, 0, 0, 0.65)', colorTextPlaceholder: 'rgba(0, 0, 0, 0.56)',
    colorSuccess: '#237804', colorWarning: '#ad4e00', colorError: '#c62828', colorInfo: '#0958d9', colorLink: '#0958d9',
  },
  components: {
    Tag: darkerShades,
    // The "no data" line of an empty table is not a disabled control: readable like any text.
    Table: { colorTextDisabled: 'rgba(0, 0, 0, 0.56)' },
  },
};
