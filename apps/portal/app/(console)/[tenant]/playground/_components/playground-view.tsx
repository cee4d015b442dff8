'use client';

import Link from 'next/link';
import { useState } from 'react';
import { PageHeader } from '@/components/console/page-header';
import { Button } from '@/components/ui/button';
import { CodeIcon } from '@/components/ui/icons';
import type { FieldErrors } from '@/lib/forms';
import {
  buildChatRequestBody,
  type ChatTurn,
  DEFAULT_SETTINGS,
  defaultChatModel,
  parseNumberInput,
  type PlaygroundSettings,
  type SettingsField,
  settingsFieldOfParam,
  validateSettings,
} from '@/lib/playground/chat-request';
import type { GatewayFailure } from '@/lib/playground/gateway-failure';
import { CodeDialog } from './code-dialog';
import { Composer } from './composer';
import { Conversation } from './conversation';
import { FailureAlert } from './failure-alert';
import { KeyPanel } from './key-panel';
import { EraseIcon } from './playground-icons';
import styles from './playground.module.css';
import { RunStats } from './run-stats';
import { ModelField, ParameterFields, type SettingsDraft } from './settings-panel';
import { useChatSession } from './use-chat-session';
import { useGatewayKey } from './use-gateway-key';

type PlaygroundViewProps = { tenantSlug: string; gatewayUrl: string };

const initialDraft: SettingsDraft = {
  model: '',
  systemPrompt: DEFAULT_SETTINGS.systemPrompt,
  temperature: String(DEFAULT_SETTINGS.temperature),
  maxTokens: String(DEFAULT_SETTINGS.maxTokens),
};

/** The playground: key and model, the conversation with its composer, the parameters, and the last run's numbers. */
export function PlaygroundView({ tenantSlug, gatewayUrl }: PlaygroundViewProps) {
  const key = useGatewayKey();
  const chat = useChatSession();
  const [draft, setDraft] = useState<SettingsDraft>(initialDraft);
  const [prompt, setPrompt] = useState('');
  const [errors, setErrors] = useState<FieldErrors<SettingsField>>({});
  const [codeOpen, setCodeOpen] = useState(false);

  const models = key.state.status === 'ready' ? key.state.models : [];
  const settings: PlaygroundSettings = {
    model: models.includes(draft.model) ? draft.model : defaultChatModel(models),
    systemPrompt: draft.systemPrompt,
    temperature: parseNumberInput(draft.temperature),
    maxTokens: parseNumberInput(draft.maxTokens),
  };
  const streaming = chat.run.status === 'streaming';
  const failure = chat.run.status === 'failed' ? chat.run.failure : undefined;

  async function send() {
    if (key.state.status !== 'ready') return;
    const fieldErrors = validateSettings(settings);
    setErrors(fieldErrors);
    if (Object.keys(fieldErrors).length > 0) return;
    const text = prompt;
    setPrompt('');
    const { restoredPrompt } = await chat.send(text, settings, key.state.apiKey);
    if (restoredPrompt !== undefined) setPrompt((current) => (current === '' ? restoredPrompt : current));
  }

  function changeDraft(patch: Partial<SettingsDraft>) {
    setDraft((current) => ({ ...current, ...patch }));
  }

  return (
    <>
      <PageHeader
        title="Playground"
        description="Try a model through the gateway with one of your API keys and watch the answer stream."
        actions={
          <>
            <Button variant="secondary" size="sm" onClick={chat.clear} disabled={chat.messages.length === 0}>
              <EraseIcon />
              Clear
            </Button>
            <Button variant="secondary" size="sm" onClick={() => setCodeOpen(true)}>
              <CodeIcon />
              View code
            </Button>
          </>
        }
      />
      <div className={styles.layout}>
        <section className={`${styles.panel} ${styles.setup}`} aria-label="Key and model">
          <KeyPanel tenantSlug={tenantSlug} state={key.state} onConnect={key.connect} onForget={key.forget} />
          <ModelField
            models={models}
            value={settings.model}
            disabled={key.state.status !== 'ready' || streaming}
            error={errors.model}
            onChange={(model) => changeDraft({ model })}
          />
        </section>

        <section className={styles.chat} aria-label="Chat">
          <div className={styles.chatFrame}>
            <Conversation messages={chat.messages} ready={key.state.status === 'ready'} />
            <Composer
              value={prompt}
              onChange={setPrompt}
              onSend={send}
              onStop={chat.stop}
              streaming={streaming}
              blockedReason={
                key.state.status !== 'ready'
                  ? 'Add an API key to send messages.'
                  : models.length === 0
                    ? 'This key may not call any model.'
                    : undefined
              }
            />
          </div>
          {failure ? <FailureAlert failure={failure} hint={failureHint(failure, tenantSlug)} /> : null}
          {chat.run.status !== 'idle' ? <RunStats run={chat.run} /> : null}
        </section>

        <section className={`${styles.panel} ${styles.parameters}`} aria-labelledby="playground-parameters">
          <h2 id="playground-parameters" className={styles.panelTitle}>
            Parameters
          </h2>
          <ParameterFields draft={draft} errors={withParamError(errors, failure)} onChange={changeDraft} />
        </section>
      </div>
      {codeOpen ? (
        <CodeDialog
          gatewayUrl={gatewayUrl}
          body={codeBody(settings, chat.messages, prompt)}
          onClose={() => setCodeOpen(false)}
        />
      ) : null}
    </>
  );
}

/** A gateway error about one parameter (its `param`) also shows on that field. */
function withParamError(
  errors: FieldErrors<SettingsField>,
  failure: GatewayFailure | undefined,
): FieldErrors<SettingsField> {
  const field = settingsFieldOfParam(failure?.param);
  return field && failure && !errors[field] ? { ...errors, [field]: failure.message } : errors;
}

function failureHint(failure: GatewayFailure, tenantSlug: string) {
  if (failure.status === 401 || failure.status === 403) {
    return (
      <>
        Check the key&apos;s status and scopes on <Link href={`/${tenantSlug}/keys`}>API keys</Link>, or use
        another key.
      </>
    );
  }
  if (failure.status === 429)
    return 'A limit of the key, the workspace or the model was reached. Wait and send again.';
  return undefined;
}

/** The request "View code" shows: the conversation, plus the prompt being typed, with sendable settings. */
function codeBody(settings: PlaygroundSettings, messages: readonly ChatTurn[], prompt: string) {
  const turns: ChatTurn[] = messages.map(({ role, content }) => ({ role, content }));
  turns.push({ role: 'user', content: prompt.trim() || 'Hello!' });
  return buildChatRequestBody(
    {
      ...settings,
      model: settings.model || 'your-model',
      temperature: Number.isFinite(settings.temperature)
        ? settings.temperature
        : DEFAULT_SETTINGS.temperature,
      maxTokens: Number.isFinite(settings.maxTokens) ? settings.maxTokens : DEFAULT_SETTINGS.maxTokens,
    },
    turns,
  );
}
