'use client';

import { useActionState, useId, useState } from 'react';
import type { PolicySection } from '@llmguard/shared';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { DoneDialog } from '@/components/forms/action-dialog';
import { Dialog, DialogActions } from '@/components/ui/dialog';
import segmented from '@/components/ui/segmented.module.css';
import { parseSectionText, type SectionProblem } from '@/lib/policy-editor';
import { formValuesOf, POLICY_FORMS, sectionFromFormValues } from '@/lib/policy-form';
import { type PolicyActionState, savePolicySection } from '../actions';
import type { SectionEditor } from './policy-section-card';
import { SectionForm } from './section-form';
import styles from './policies.module.css';

const initialState: PolicyActionState = { status: 'idle' };

/**
 * Edits one section's overrides, field by field for the common sections (rate limits, budgets, cache) or as JSON,
 * checked as you type with the API's own schema. Switching keeps the edit: the form is written into the JSON and the
 * JSON read back into the form. Saving creates the next version; a version saved by someone else meanwhile is
 * refused (409) with a prompt to reload.
 */
export function EditSectionDialog({
  tenantSlug,
  section,
  title,
  editor,
  onClose,
}: {
  tenantSlug: string;
  section: PolicySection;
  title: string;
  editor: SectionEditor;
  onClose: () => void;
}) {
  const [state, formAction, pending] = useActionState(
    savePolicySection.bind(null, tenantSlug, section, editor.expectedVersion),
    initialState,
  );
  // The fields are the dialog's own state, so a refused save keeps them (React resets a form after its action).
  const hasForm = POLICY_FORMS[section] !== undefined;
  const [mode, setMode] = useState<'form' | 'json'>(hasForm ? 'form' : 'json');
  const [text, setText] = useState(editor.text);
  const [values, setValues] = useState(() => formValuesOf(section, parseObject(editor.text)));
  const [comment, setComment] = useState('');
  const [edited, setEdited] = useState(false);
  const problemsId = useId();
  const tierValues = formValuesOf(section, parseObject(editor.tierText));
  const fromForm = mode === 'form' ? sectionFromFormValues(section, values, parseObject(text)) : null;
  const local = fromForm ? fromForm : parseSectionText(section, text);
  const localProblems = edited && !local.ok ? local.problems : [];
  const serverProblems = state.status === 'error' && !pending && !edited ? (state.problems ?? []) : [];
  const problems = localProblems.length > 0 ? localProblems : serverProblems;
  const fieldErrors = mode === 'form' ? byPath(problems) : {};
  const listedProblems = problems.filter((problem) => fieldErrors[problem.path] !== problem.message);

  function switchTo(next: 'form' | 'json') {
    if (next === mode) return;
    if (next === 'json' && fromForm?.ok) setText(fromForm.json);
    if (next === 'form') {
      const parsed = parseSectionText(section, text);
      // JSON that does not parse stays in the JSON editor, with its problems.
      if (!parsed.ok) return setEdited(true);
      setValues(formValuesOf(section, parseObject(text)));
    }
    if (next === 'form' || fromForm?.ok) setMode(next);
    else setEdited(true);
  }

  if (state.status === 'saved') {
    return (
      <DoneDialog title={`${title} saved`} onClose={onClose}>
        Version {state.version} is now in force. Every gateway applies it within a second.
      </DoneDialog>
    );
  }

  return (
    <Dialog
      title={`Edit ${title.toLowerCase()}`}
      size="lg"
      onClose={onClose}
      description={
        <>
          This workspace’s overrides only. Fields left out inherit the tier’s defaults; <code>{'{}'}</code>{' '}
          inherits them all. Saving creates version {(editor.expectedVersion ?? 0) + 1}.
        </>
      }
    >
      <form
        action={(formData) => {
          setEdited(false);
          formAction(formData);
        }}
        className={styles.form}
      >
        {state.status === 'error' && !pending && serverProblems.length === 0 && !edited ? (
          <Alert title={state.conflict ? 'Someone else changed the policy' : 'Could not save'}>
            <p>{state.message}</p>
            {state.requestId ? <p className={styles.requestId}>Request ID: {state.requestId}</p> : null}
            {state.conflict ? (
              <p>
                <button type="button" className={styles.linkButton} onClick={() => window.location.reload()}>
                  Reload the page
                </button>
              </p>
            ) : null}
          </Alert>
        ) : null}
        {hasForm ? (
          <div role="group" aria-label="Editor" className={`${segmented.group} ${styles.editorSwitch}`}>
            {(['form', 'json'] as const).map((option) => (
              <button
                key={option}
                type="button"
                className={segmented.item}
                aria-pressed={mode === option}
                onClick={() => switchTo(option)}
              >
                {option === 'form' ? 'Fields' : 'JSON'}
              </button>
            ))}
          </div>
        ) : null}
        {mode === 'form' ? (
          <>
            <SectionForm
              section={section}
              values={values}
              tierValues={tierValues}
              errors={fieldErrors}
              onChange={(path, value) => {
                setValues((current) => ({ ...current, [path]: value }));
                setEdited(true);
              }}
            />
            <input type="hidden" name="json" value={fromForm?.ok ? fromForm.json : text} />
            {listedProblems.length > 0 ? <ProblemList id={problemsId} problems={listedProblems} /> : null}
          </>
        ) : (
          <div className={styles.editorField}>
            <label htmlFor={`policy-json-${section}`} className={styles.editorLabel}>
              Overrides (JSON)
            </label>
            <textarea
              id={`policy-json-${section}`}
              name="json"
              value={text}
              onChange={(event) => {
                setText(event.target.value);
                setEdited(true);
              }}
              spellCheck={false}
              rows={Math.min(18, Math.max(8, text.split('\n').length + 1))}
              className={`${styles.editor} ${problems.length > 0 ? styles.editorInvalid : ''}`}
              aria-invalid={problems.length > 0 || undefined}
              aria-describedby={problems.length > 0 ? problemsId : undefined}
              autoFocus
            />
            {problems.length > 0 ? <ProblemList id={problemsId} problems={problems} /> : null}
          </div>
        )}
        <details className={styles.tierDefaults}>
          <summary>The tier’s defaults for this section</summary>
          <pre className={styles.code}>{editor.tierText}</pre>
        </details>
        <div className={styles.editorField}>
          <label htmlFor={`policy-comment-${section}`} className={styles.editorLabel}>
            Why (shown in the history)
          </label>
          <input
            id={`policy-comment-${section}`}
            name="comment"
            value={comment}
            onChange={(event) => setComment(event.target.value)}
            maxLength={500}
            placeholder="e.g. Raise the token limit for the launch"
            className={`${styles.input} ${state.status === 'error' && state.commentError ? styles.editorInvalid : ''}`}
          />
          {state.status === 'error' && state.commentError ? (
            <p className={styles.problem}>{state.commentError}</p>
          ) : null}
        </div>
        <DialogActions>
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" disabled={pending || localProblems.length > 0}>
            {pending ? 'Saving…' : 'Save new version'}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}

/** The first problem of each path, for the field at that path. */
function byPath(problems: readonly SectionProblem[]): Partial<Record<string, string>> {
  const errors: Partial<Record<string, string>> = {};
  for (const problem of problems) errors[problem.path] ??= problem.message;
  return errors;
}

/** Editor text as an object (the section's settings); anything else counts as none. */
function parseObject(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function ProblemList({ id, problems }: { id: string; problems: SectionProblem[] }) {
  return (
    <ul id={id} className={styles.problems} role="alert">
      {problems.map((problem, index) => (
        <li key={`${problem.path}-${index}`} className={styles.problem}>
          {problem.path ? <code>{problem.path}</code> : null} {problem.message}
        </li>
      ))}
    </ul>
  );
}
