import type { MailMessage } from './mailer';

/** The link that confirms an email address; the portal posts its token to /api/auth/email-verification/confirm. */
export function emailVerificationMessage(to: string, portalUrl: string, token: string): MailMessage {
  const link = `${portalUrl.replace(/\/$/, '')}/verify-email?token=${encodeURIComponent(token)}`;
  return {
    to,
    subject: 'Confirm your email address for LLMGuard',
    text: [
      'Confirm that this is your email address by opening this link within 24 hours:',
      '',
      link,
      '',
      'If you did not create an LLMGuard account, ignore this email.',
    ].join('\n'),
  };
}

/** The link that sets a new password; the portal posts its token to /api/auth/password-reset/confirm. */
export function passwordResetMessage(to: string, portalUrl: string, token: string): MailMessage {
  const link = `${portalUrl.replace(/\/$/, '')}/reset-password?token=${encodeURIComponent(token)}`;
  return {
    to,
    subject: 'Reset your LLMGuard password',
    text: [
      'Someone asked to reset the password of your LLMGuard account. To choose a new one, open this link',
      'within one hour:',
      '',
      link,
      '',
      'Setting a new password signs you out everywhere. If you did not ask for this, ignore this email:',
      'your password stays as it is.',
    ].join('\n'),
  };
}
