'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import { buildChatRequestBody, type ChatTurn, type PlaygroundSettings } from '@/lib/playground/chat-request';
import { type RunMetrics, runChat } from '@/lib/playground/gateway-client';
import type { GatewayFailure } from '@/lib/playground/gateway-failure';

// The conversation and the run in flight. A stopped answer stays in the conversation as far as it
// got (it was generated and billed); a failed request that produced nothing is taken back, and its
// prompt goes back into the composer, so fixing the key or the settings and resending is one click.

export type ConversationMessage = ChatTurn & {
  id: number;
  /** Set while an answer streams, and on one that was stopped or broke off. */
  state?: 'streaming' | 'stopped' | 'failed';
};

export type RunState =
  | { status: 'idle' }
  | { status: 'streaming'; metrics: RunMetrics }
  | { status: 'done' | 'stopped'; metrics: RunMetrics }
  | { status: 'failed'; metrics: RunMetrics; failure: GatewayFailure };

export type SendResult = { restoredPrompt?: string };

export function useChatSession() {
  const [messages, setMessages] = useState<ConversationMessage[]>([]);
  const [run, setRun] = useState<RunState>({ status: 'idle' });
  const controller = useRef<AbortController | null>(null);
  const nextId = useRef(1);
  /** Bumped by clear(), so a run that was cleared away does not write into the new conversation. */
  const epoch = useRef(0);

  const send = useCallback(
    async (prompt: string, settings: PlaygroundSettings, apiKey: string): Promise<SendResult> => {
      const startedIn = epoch.current;
      const userId = nextId.current++;
      const answerId = nextId.current++;
      const turns: ChatTurn[] = [
        ...messages.map(({ role, content }) => ({ role, content })),
        { role: 'user', content: prompt },
      ];
      setMessages((current) => [
        ...current,
        { id: userId, role: 'user', content: prompt },
        { id: answerId, role: 'assistant', content: '', state: 'streaming' },
      ]);
      setRun({ status: 'streaming', metrics: {} });
      const abort = new AbortController();
      controller.current = abort;
      const updateAnswer = (content: string, state: ConversationMessage['state']) =>
        setMessages((current) =>
          current.map((message) => (message.id === answerId ? { ...message, content, state } : message)),
        );

      const outcome = await runChat({
        apiKey,
        body: buildChatRequestBody(settings, turns),
        signal: abort.signal,
        onProgress: (text, metrics) => {
          updateAnswer(text, 'streaming');
          setRun({ status: 'streaming', metrics });
        },
      });
      controller.current = null;
      if (epoch.current !== startedIn) return {};

      if (outcome.status === 'failed' && outcome.text === '') {
        setMessages((current) =>
          current.filter((message) => message.id !== userId && message.id !== answerId),
        );
        setRun(outcome);
        return { restoredPrompt: prompt };
      }
      if (outcome.status === 'stopped' && outcome.text === '') {
        setMessages((current) => current.filter((message) => message.id !== answerId));
      } else {
        updateAnswer(outcome.text, outcome.status === 'done' ? undefined : outcome.status);
      }
      setRun(outcome);
      return {};
    },
    [messages],
  );

  const stop = useCallback(() => controller.current?.abort(), []);

  const clear = useCallback(() => {
    epoch.current += 1;
    controller.current?.abort();
    setMessages([]);
    setRun({ status: 'idle' });
  }, []);

  // Leaving the page ends the stream, and so the gateway's upstream call.
  useEffect(() => () => controller.current?.abort(), []);

  return { messages, run, send, stop, clear };
}
