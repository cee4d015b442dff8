'use client';

import Link from 'next/link';
import { type FormEvent, useState } from 'react';
import { Button } from '@/components/ui/button';
import { FailureDetails } from './failure-alert';
import styles from './playground.module.css';
import { type KeyState, maskKey } from './use-gateway-key';

type KeyPanelProps = {
  tenantSlug: string;
  state: KeyState;
  onConnect: (apiKey: string) => void;
  onForget: () => void;
};

/** Where the user pastes a data-plane key; once the gateway accepts it, only its masked form shows. */
export function KeyPanel({ tenantSlug, state, onConnect, onForget }: KeyPanelProps) {
  const [draft, setDraft] = useState('');
  const [visible, setVisible] = useState(false);

  if (state.status === 'ready') {
    return (
      <div className={styles.keyConnected}>
        <div className={styles.keyConnectedText}>
          <span className={styles.fieldLabel}>API key</span>
          <code className={styles.maskedKey}>{maskKey(state.apiKey)}</code>
          <span className={styles.subtle}>
            {state.models.length} model{state.models.length === 1 ? '' : 's'} available
          </span>
        </div>
        <Button variant="secondary" size="sm" onClick={onForget}>
          Change key
        </Button>
      </div>
    );
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const apiKey = draft.trim();
    if (apiKey) onConnect(apiKey);
  }

  const checking = state.status === 'checking';
  const failure = state.status === 'refused' ? state.failure : undefined;
  return (
    <form className={styles.keyForm} onSubmit={submit} noValidate>
      <label htmlFor="playground-api-key" className={styles.fieldLabel}>
        API key
      </label>
      <div className={styles.keyInputRow}>
        <input
          id="playground-api-key"
          type={visible ? 'text' : 'password'}
          className={`${styles.input} ${failure ? styles.invalid : ''}`}
          placeholder="lg_live_…"
          autoComplete="off"
          spellCheck={false}
          value={draft}
          onChange={(event) => setDraft(event.target.value)}
          aria-invalid={failure ? true : undefined}
          aria-describedby="playground-api-key-message"
        />
        <Button
          variant="ghost"
          size="sm"
          onClick={() => setVisible((shown) => !shown)}
          aria-pressed={visible}
          aria-label={visible ? 'Hide key' : 'Show key'}
          className={styles.revealButton}
        >
          {visible ? 'Hide' : 'Show'}
        </Button>
      </div>
      <div id="playground-api-key-message">
        {failure ? (
          <FailureDetails failure={failure} compact />
        ) : (
          <p className={styles.hint}>
            Paste a key from <Link href={`/${tenantSlug}/keys`}>API keys</Link>. It stays in this tab and goes
            only to the gateway.
          </p>
        )}
      </div>
      <Button type="submit" size="sm" disabled={checking || draft.trim() === ''}>
        {checking ? 'Checking…' : 'Use key'}
      </Button>
    </form>
  );
}
