import type { MemberRole } from '@llmguard/shared';
import { ROLE_DESCRIPTIONS, ROLE_LABELS } from '@/lib/member-roles';
import styles from './members.module.css';

/** The roles as radio buttons, each with what it may do. */
export function RoleChoices({
  roles,
  value,
  onChange,
  error,
}: {
  roles: readonly MemberRole[];
  value: MemberRole;
  onChange: (role: MemberRole) => void;
  error?: string;
}) {
  return (
    <fieldset className={styles.fieldset} aria-describedby={error ? 'role-error' : undefined}>
      <legend className={styles.legend}>Role</legend>
      <div className={styles.roleList}>
        {roles.map((role) => (
          <label
            key={role}
            className={`${styles.roleChoice} ${value === role ? styles.roleChoiceChecked : ''}`}
          >
            <input
              type="radio"
              name="role"
              value={role}
              checked={value === role}
              onChange={() => onChange(role)}
            />
            <span>
              <span className={styles.roleChoiceLabel}>{ROLE_LABELS[role]}</span>
              <span className={styles.roleChoiceHint}>{ROLE_DESCRIPTIONS[role]}</span>
            </span>
          </label>
        ))}
      </div>
      {error ? (
        <p id="role-error" className={styles.fieldError}>
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}
