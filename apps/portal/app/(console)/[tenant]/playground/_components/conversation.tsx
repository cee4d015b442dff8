'use client';

import { useLayoutEffect, useRef } from 'react';
import { ChatIcon } from './playground-icons';
import styles from './playground.module.css';
import type { ConversationMessage } from './use-chat-session';

const stateLabel = { stopped: 'Stopped', failed: 'Broke off' } as const;

/** The messages so far, the streaming answer last; an invitation to start when there are none. */
export function Conversation({ messages, ready }: { messages: ConversationMessage[]; ready: boolean }) {
  const scroller = useRef<HTMLDivElement>(null);
  const shownCount = useRef(0);
  const lastLength = messages.at(-1)?.content.length ?? 0;

  // A new message scrolls to the end; the answer is then followed as it streams, unless the reader
  // scrolled up to read something earlier.
  useLayoutEffect(() => {
    const element = scroller.current;
    if (!element) return;
    const added = messages.length > shownCount.current;
    shownCount.current = messages.length;
    const distanceFromBottom = element.scrollHeight - element.scrollTop - element.clientHeight;
    if (added || distanceFromBottom < 160) element.scrollTop = element.scrollHeight;
  }, [messages.length, lastLength]);

  if (messages.length === 0) {
    return (
      <div className={styles.empty}>
        <span className={styles.emptyIcon} aria-hidden="true">
          <ChatIcon width={20} height={20} />
        </span>
        <h2 className={styles.emptyTitle}>{ready ? 'Send a message to start' : 'Add an API key to start'}</h2>
        <p className={styles.emptyText}>
          {ready
            ? 'The answer streams back token by token through the gateway, with its usage, latency and request ID.'
            : 'The playground calls the gateway exactly as your app would, with one of your keys. The requests are metered like any other.'}
        </p>
      </div>
    );
  }
  return (
    <div ref={scroller} className={styles.messagesScroller}>
      <ol className={styles.messages} aria-label="Conversation">
        {messages.map((message) => (
          <li
            key={message.id}
            className={`${styles.message} ${message.role === 'user' ? styles.userMessage : styles.assistantMessage}`}
            aria-busy={message.state === 'streaming' ? true : undefined}
            data-testid={`message-${message.role}`}
          >
            <div className={styles.messageRole}>
              {message.role === 'user' ? 'User' : 'Assistant'}
              {message.state === 'stopped' || message.state === 'failed' ? (
                <span className={styles.messageState}>{stateLabel[message.state]}</span>
              ) : null}
            </div>
            <div className={styles.messageText}>
              {message.content}
              {message.state === 'streaming' ? <span className={styles.caret} aria-hidden="true" /> : null}
            </div>
          </li>
        ))}
      </ol>
    </div>
  );
}
