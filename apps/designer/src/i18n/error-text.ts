import { ApiError } from '../api/client.js';
import { useT } from './lang.js';

/** The message to show for a failed API call: the server's own vi/en text when it sent one. */
export function useErrorText(): (err: unknown) => string {
  const { t, lang } = useT();
  return (err) => {
    if (err instanceof ApiError) return err.errors.length > 0 ? err.errors.map((e) => e.message[lang]).join('; ') : err.status === 0 ? t('api.offline') : t('api.failed', { status: err.status });
    return (err as Error).message;
  };
}
