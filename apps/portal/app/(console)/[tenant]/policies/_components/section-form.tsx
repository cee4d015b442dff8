'use client';

import type { PolicySection } from '@llmguard/shared';
import { SelectField } from '@/components/ui/select-field';
import { TextField } from '@/components/ui/text-field';
import { type PolicyFormField, type PolicyFormValues, POLICY_FORMS } from '@/lib/policy-form';
import styles from './policies.module.css';

const TOGGLE_OPTIONS = [
  { value: 'true', label: 'On' },
  { value: 'false', label: 'Off' },
];

/**
 * A section's overrides as fields, grouped as the policy reads (a scope, a cache). An empty field inherits the tier's
 * default, which its placeholder shows; each problem stands under its field.
 */
export function SectionForm({
  section,
  values,
  tierValues,
  errors,
  onChange,
}: {
  section: PolicySection;
  values: PolicyFormValues;
  /** The tier's defaults, as the same text, for placeholders. */
  tierValues: PolicyFormValues;
  errors: Partial<Record<string, string>>;
  onChange: (path: string, value: string) => void;
}) {
  return (
    <div className={styles.sectionForm}>
      {(POLICY_FORMS[section] ?? []).map((group) => (
        <fieldset key={group.title} className={styles.formGroup}>
          <legend className={styles.formGroupTitle}>{group.title}</legend>
          <div className={styles.formGrid}>
            {group.fields.map((field) => (
              <PolicyField
                key={field.path}
                id={`policy-${section}-${field.path}`}
                field={field}
                value={values[field.path] ?? ''}
                tierValue={tierValues[field.path] ?? ''}
                error={errors[field.path]}
                onChange={(value) => onChange(field.path, value)}
              />
            ))}
          </div>
          {group.note ? <p className={styles.formNote}>{group.note}</p> : null}
        </fieldset>
      ))}
    </div>
  );
}

function PolicyField({
  id,
  field,
  value,
  tierValue,
  error,
  onChange,
}: {
  id: string;
  field: PolicyFormField;
  value: string;
  tierValue: string;
  error: string | undefined;
  onChange: (value: string) => void;
}) {
  if (field.kind === 'toggle' || field.kind === 'choice') {
    const options = field.kind === 'toggle' ? TOGGLE_OPTIONS : (field.options ?? []);
    const tierLabel = options.find((option) => option.value === tierValue)?.label ?? 'not set';
    return (
      <SelectField
        id={id}
        name={id}
        label={field.label}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        options={[{ value: '', label: `Tier default (${tierLabel})` }, ...options]}
        error={error}
      />
    );
  }
  return (
    <TextField
      id={id}
      name={id}
      label={field.label}
      value={value}
      onChange={(event) => onChange(event.target.value)}
      inputMode={field.kind === 'percentList' || field.kind === 'regionList' ? 'text' : 'decimal'}
      autoComplete="off"
      placeholder={tierValue === '' ? 'Tier: not set' : `Tier: ${tierValue}`}
      error={error}
    />
  );
}
