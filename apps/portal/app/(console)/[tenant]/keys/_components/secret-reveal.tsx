'use client';

import { Button } from '@/components/ui/button';
import { CodeTabs } from '@/components/ui/code-tabs';
import { Dialog, DialogActions } from '@/components/ui/dialog';
import { OneTimeSecret } from '@/components/ui/one-time-secret';
import { buildSnippets, SNIPPET_LABELS, type SnippetLanguage, snippetModel } from '@/lib/snippets';
import type { IssuedKey } from '../actions';
import styles from './keys.module.css';

/** The only time a secret is shown: a warning, the secret with a copy button, and calls that use it. */
export function SecretReveal({
  issued,
  gatewayUrl,
  defaultModel,
}: {
  issued: IssuedKey;
  gatewayUrl: string;
  defaultModel: string;
}) {
  const model = snippetModel(issued.allowedModels, defaultModel);
  const snippets = buildSnippets({ gatewayUrl, apiKey: issued.secret, model });
  const tabs = (Object.keys(snippets) as SnippetLanguage[]).map((language) => ({
    id: language,
    label: SNIPPET_LABELS[language],
    code: snippets[language],
  }));
  return (
    <div className={styles.reveal}>
      <OneTimeSecret id="issued-secret" label="Secret key" value={issued.secret} copyLabel="Copy key">
        <strong>Copy this secret now.</strong> It is shown only once: LLMGuard keeps only a hash of it. If you
        lose it, rotate the key.
      </OneTimeSecret>
      <div className={styles.snippets}>
        <p className={styles.snippetsTitle}>Try it</p>
        <CodeTabs tabs={tabs} label="Code samples" />
        {issued.allowedModels.length === 0 ? (
          <p className={styles.hint}>
            Replace <code>{model}</code> with a model your workspace routes.
          </p>
        ) : null}
      </div>
    </div>
  );
}

/** The dialog that shows a just-issued secret; it cannot be dismissed by accident (no Escape, no backdrop click). */
export function IssuedSecretDialog({
  title,
  issued,
  gatewayUrl,
  defaultModel,
  onClose,
}: {
  title: string;
  issued: IssuedKey;
  gatewayUrl: string;
  defaultModel: string;
  onClose: () => void;
}) {
  return (
    <Dialog title={title} size="lg" dismissible={false} onClose={onClose}>
      <SecretReveal issued={issued} gatewayUrl={gatewayUrl} defaultModel={defaultModel} />
      <DialogActions>
        <Button onClick={onClose}>Done</Button>
      </DialogActions>
    </Dialog>
  );
}
