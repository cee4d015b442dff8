'use client';

import { Button } from '@/components/ui/button';
import { CodeTabs } from '@/components/ui/code-tabs';
import { Dialog, DialogActions } from '@/components/ui/dialog';
import type { ChatRequestBody } from '@/lib/playground/chat-request';
import { API_KEY_ENV, buildPlaygroundSnippets } from '@/lib/playground/playground-snippets';
import { SNIPPET_LABELS, type SnippetLanguage } from '@/lib/snippets';
import styles from './playground.module.css';

const LANGUAGES: SnippetLanguage[] = ['curl', 'python', 'node'];

/** The playground's current request as code to copy into an app. */
export function CodeDialog({
  gatewayUrl,
  body,
  onClose,
}: {
  gatewayUrl: string;
  body: ChatRequestBody;
  onClose: () => void;
}) {
  const snippets = buildPlaygroundSnippets({ gatewayUrl, body });
  return (
    <Dialog
      title="Code for this request"
      size="lg"
      onClose={onClose}
      description={
        <>
          The same streamed request with the official OpenAI SDKs or curl, pointed at the gateway. Set{' '}
          <code className={styles.inlineCode}>{API_KEY_ENV}</code> to your key first.
        </>
      }
    >
      <CodeTabs
        label="Language"
        tabs={LANGUAGES.map((language) => ({
          id: language,
          label: SNIPPET_LABELS[language],
          code: snippets[language],
        }))}
      />
      <DialogActions>
        <Button variant="secondary" onClick={onClose}>
          Close
        </Button>
      </DialogActions>
    </Dialog>
  );
}
