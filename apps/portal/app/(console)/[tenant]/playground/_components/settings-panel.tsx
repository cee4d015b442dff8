'use client';

import type { FieldErrors } from '@/lib/forms';
import {
  MAX_TOKENS_MAX,
  type SettingsField,
  TEMPERATURE_MAX,
  TEMPERATURE_MIN,
} from '@/lib/playground/chat-request';
import styles from './playground.module.css';

/** The settings as typed: numbers stay text until sent, so a half-typed "0." is not thrown away. */
export type SettingsDraft = {
  model: string;
  systemPrompt: string;
  temperature: string;
  maxTokens: string;
};

type ModelFieldProps = {
  models: readonly string[];
  value: string;
  disabled: boolean;
  error?: string;
  onChange: (model: string) => void;
};

/** The model picker: the models the key may call, from the gateway's GET /v1/models. */
export function ModelField({ models, value, disabled, error, onChange }: ModelFieldProps) {
  return (
    <div className={styles.field}>
      <label htmlFor="playground-model" className={styles.fieldLabel}>
        Model
      </label>
      <select
        id="playground-model"
        className={`${styles.input} ${styles.select} ${error ? styles.invalid : ''}`}
        value={value}
        disabled={disabled}
        onChange={(event) => onChange(event.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? 'playground-model-message' : undefined}
      >
        {models.length === 0 ? <option value="">{disabled ? 'Add a key first' : 'No models'}</option> : null}
        {models.map((model) => (
          <option key={model} value={model}>
            {model}
          </option>
        ))}
      </select>
      <FieldMessage id="playground-model-message" error={error} />
    </div>
  );
}

type ParametersProps = {
  draft: SettingsDraft;
  errors: FieldErrors<SettingsField>;
  onChange: (patch: Partial<SettingsDraft>) => void;
};

/** System prompt, temperature and max tokens. */
export function ParameterFields({ draft, errors, onChange }: ParametersProps) {
  const sliderValue = Number.isFinite(Number(draft.temperature)) ? draft.temperature : '1';
  return (
    <>
      <div className={styles.field}>
        <label htmlFor="playground-system" className={styles.fieldLabel}>
          System prompt
        </label>
        <textarea
          id="playground-system"
          className={`${styles.input} ${styles.textarea}`}
          rows={4}
          placeholder="You are a helpful assistant."
          value={draft.systemPrompt}
          onChange={(event) => onChange({ systemPrompt: event.target.value })}
        />
      </div>
      <div className={styles.field}>
        <div className={styles.fieldLabelRow}>
          <label htmlFor="playground-temperature" className={styles.fieldLabel}>
            Temperature
          </label>
          <input
            id="playground-temperature"
            type="number"
            inputMode="decimal"
            min={TEMPERATURE_MIN}
            max={TEMPERATURE_MAX}
            step={0.1}
            className={`${styles.input} ${styles.numberInput} ${errors.temperature ? styles.invalid : ''}`}
            value={draft.temperature}
            onChange={(event) => onChange({ temperature: event.target.value })}
            aria-invalid={errors.temperature ? true : undefined}
            aria-describedby={errors.temperature ? 'playground-temperature-message' : undefined}
          />
        </div>
        <input
          type="range"
          min={TEMPERATURE_MIN}
          max={TEMPERATURE_MAX}
          step={0.1}
          value={sliderValue}
          onChange={(event) => onChange({ temperature: event.target.value })}
          className={styles.range}
          aria-label="Temperature slider"
        />
        <FieldMessage id="playground-temperature-message" error={errors.temperature} />
      </div>
      <div className={styles.field}>
        <div className={styles.fieldLabelRow}>
          <label htmlFor="playground-max-tokens" className={styles.fieldLabel}>
            Max tokens
          </label>
          <input
            id="playground-max-tokens"
            type="number"
            inputMode="numeric"
            min={1}
            max={MAX_TOKENS_MAX}
            step={1}
            className={`${styles.input} ${styles.numberInput} ${errors.maxTokens ? styles.invalid : ''}`}
            value={draft.maxTokens}
            onChange={(event) => onChange({ maxTokens: event.target.value })}
            aria-invalid={errors.maxTokens ? true : undefined}
            aria-describedby={errors.maxTokens ? 'playground-max-tokens-message' : undefined}
          />
        </div>
        <FieldMessage id="playground-max-tokens-message" error={errors.maxTokens} />
      </div>
    </>
  );
}

function FieldMessage({ id, error }: { id: string; error?: string }) {
  return error ? (
    <p id={id} className={styles.fieldError}>
      {error}
    </p>
  ) : null;
}
