'use client';

import { CodeTabs } from '@/components/ui/code-tabs';
import { CopyButton } from '@/components/ui/copy-button';
import { WarningIcon } from '@/components/ui/icons';
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
      <div className={styles.warning} role="note">
        <WarningIcon className={styles.warningIcon} />
        <p>
          <strong>Copy this secret now.</strong> It is shown only once: LLMGuard keeps only a hash of it. If
          you lose it, rotate the key.
        </p>
      </div>
      <div className={styles.secretRow}>
        <label htmlFor="issued-secret" className={styles.srOnly}>
          Secret key
        </label>
        <input
          id="issued-secret"
          className={styles.secret}
          value={issued.secret}
          readOnly
          spellCheck={false}
          onFocus={(event) => event.currentTarget.select()}
        />
        <CopyButton value={issued.secret} label="Copy key" />
      </div>
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
