import Link from 'next/link';
import type { ButtonHTMLAttributes, ComponentProps } from 'react';
import styles from './button.module.css';

/** `danger`: a destructive confirmation ("Revoke key"); `ghost-danger`: a quiet destructive row action. */
export type ButtonVariant = 'primary' | 'secondary' | 'ghost' | 'danger' | 'ghost-danger';
export type ButtonSize = 'sm' | 'md' | 'lg';

type StyleProps = { variant?: ButtonVariant; size?: ButtonSize; block?: boolean };

function buttonClassName(
  { variant = 'primary', size = 'md', block = false }: StyleProps,
  extra?: string,
): string {
  return [styles.button, styles[variant], styles[size], block ? styles.block : '', extra ?? '']
    .filter(Boolean)
    .join(' ');
}

export function Button({
  variant,
  size,
  block,
  className,
  type = 'button',
  ...props
}: StyleProps & ButtonHTMLAttributes<HTMLButtonElement>) {
  return <button type={type} className={buttonClassName({ variant, size, block }, className)} {...props} />;
}

/** A link that looks like a button, for navigation ("Log in", "Sign up"). */
export function ButtonLink({
  variant,
  size,
  block,
  className,
  ...props
}: StyleProps & ComponentProps<typeof Link>) {
  return <Link className={buttonClassName({ variant, size, block }, className)} {...props} />;
}
