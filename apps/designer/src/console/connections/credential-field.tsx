import { useId } from 'react';
import { useQuery } from '@tanstack/react-query';
import { call, trpc } from '../../api/client.js';
import { useT } from '../../i18n/lang.js';

/**
 * A call node's connection: free text, with the connections and credentials that fit the node's connector (same
 * family) offered as you type. Only ids, names and environments come from the server; grants still decide at publish.
 */
export function CredentialField(props: { family: string | undefined; value: string; onChange: (v: string) => void }) {
  const { t } = useT();
  const listId = useId();
  const choices = useQuery({ queryKey: ['connections', 'choices', props.family ?? ''], staleTime: 30_000, retry: false,
    queryFn: () => call(() => trpc.connections.choices.query(props.family ? { family: props.family } : {})) });
  return (
    <label className="lt-field">
      <span>{t('panel.credential')}</span>
      <input value={props.value} list={listId} placeholder={t('panel.credentialHint', { type: props.family ?? '' })} data-testid="field-credential" aria-label={t('panel.credential')}
        onChange={(e) => props.onChange(e.target.value)} />
      <datalist id={listId} data-testid="credential-choices">
        {(choices.data ?? []).map((c) => <option key={c.id} value={c.id}>{c.name ? `${c.name}${c.environment ? ` · ${t(`connections.env.${c.environment as 'production'}`)}` : ''}` : c.family}</option>)}
      </datalist>
    </label>
  );
}
