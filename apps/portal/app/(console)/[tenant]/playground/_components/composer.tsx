'use client';

import type { FormEvent, KeyboardEvent } from 'react';
import { Button } from '@/components/ui/button';
import { SendIcon, StopIcon } from './playground-icons';
import styles from './playground.module.css';
import a11y from '@/components/ui/visually-hidden.module.css';

type ComposerProps = {
  value: string;
  onChange: (value: string) => void;
  onSend: () => void;
  onStop: () => void;
  streaming: boolean;
  /** Why sending is not possible yet (no key, no model); undefined when it is. */
  blockedReason?: string;
};

/** The prompt box: Enter sends, Shift+Enter breaks the line; Stop replaces Send while streaming. */
export function Composer({ value, onChange, onSend, onStop, streaming, blockedReason }: ComposerProps) {
  const canSend = !streaming && !blockedReason && value.trim() !== '';

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (canSend) onSend();
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key !== 'Enter' || event.shiftKey || event.nativeEvent.isComposing) return;
    event.preventDefault();
    if (canSend) onSend();
  }

  return (
    <form className={styles.composer} onSubmit={submit}>
      <label htmlFor="playground-prompt" className={a11y.hidden}>
        Message
      </label>
      <textarea
        id="playground-prompt"
        className={styles.composerInput}
        rows={3}
        placeholder={blockedReason ?? 'Write a message. Enter sends, Shift+Enter adds a line.'}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        onKeyDown={onKeyDown}
      />
      <div className={styles.composerBar}>
        <span className={styles.subtle}>
          {blockedReason ? null : 'Enter to send · Shift+Enter for a new line'}
        </span>
        {streaming ? (
          <Button variant="secondary" size="sm" onClick={onStop}>
            <StopIcon />
            Stop
          </Button>
        ) : (
          <Button type="submit" size="sm" disabled={!canSend} className={styles.sendButton}>
            <SendIcon />
            Send
          </Button>
        )}
      </div>
    </form>
  );
}
