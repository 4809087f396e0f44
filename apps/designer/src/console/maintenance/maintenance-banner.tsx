import { useQuery } from '@tanstack/react-query';
import { Alert } from 'antd';
import { formatTime, useT } from '../../i18n/lang.js';
import { maintenanceApi } from './maintenance-api.js';

/**
 * On every screen when the platform has a maintenance window within 72 h: people plan around it. Fixed at the
 * bottom, so the shell's grid (header, screen) keeps its rows.
 */
export function MaintenanceBanner() {
  const { t, lang, pick } = useT();
  const upcoming = useQuery({ queryKey: ['maintenance', 'upcoming'], queryFn: maintenanceApi.upcoming, refetchInterval: 5 * 60_000, retry: false });
  const next = upcoming.data?.[0];
  if (!next) return null;
  return (
    <Alert type="warning" showIcon banner data-testid="maintenance-banner" style={{ position: 'fixed', left: 0, right: 0, bottom: 0, zIndex: 900 }}
      title={t('maintenance.banner', { from: formatTime(lang, next.startsAt), to: formatTime(lang, next.endsAt), reason: pick(next.reason) })} />
  );
}
