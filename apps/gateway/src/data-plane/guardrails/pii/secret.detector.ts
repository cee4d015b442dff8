import type { PiiDetector, PiiFinding } from './pii-finding';

/**
 * Credentials by their published formats. Each pattern is anchored on a vendor prefix, so ordinary text never
 * matches; the value part must also look random (see {@link looksRandom}), which keeps documentation
 * placeholders such as `sk-xxxxxxxxxxxxxxxxxxxxxxxx` or `AKIAIOSFODNN7EXAMPLE` out.
 */
const SECRET_PATTERNS: readonly { name: string; pattern: RegExp; valueGroup?: number }[] = [
  // AWS access key ids (long-term AKIA, temporary ASIA, and the other documented kinds).
  {
    name: 'aws_access_key_id',
    pattern: /\b(?:AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[A-Z2-7]{16}\b/g,
  },
  // An AWS secret access key needs its label: 40 base64 characters alone are too common.
  {
    name: 'aws_secret_access_key',
    pattern: /\baws_?secret_?(?:access_?)?key\b["']?\s*[:=]\s*["']?([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+])/gi,
    valueGroup: 1,
  },
  // GitHub tokens: classic (ghp_, gho_, ghu_, ghs_, ghr_) and fine-grained (github_pat_).
  { name: 'github_token', pattern: /\b(?:gh[pousr]_[A-Za-z0-9]{36,251}|github_pat_[A-Za-z0-9_]{80,})\b/g },
  // GitLab personal, project and group access tokens.
  { name: 'gitlab_token', pattern: /\bglpat-[A-Za-z0-9_-]{20,}/g },
  // npm and Hugging Face access tokens.
  { name: 'npm_token', pattern: /\bnpm_[A-Za-z0-9]{36}\b/g },
  { name: 'huggingface_token', pattern: /\bhf_[A-Za-z0-9]{34,}\b/g },
  // SendGrid API keys.
  { name: 'sendgrid_key', pattern: /\bSG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}\b/g },
  // Slack bot, user, app and configuration tokens, and incoming-webhook URLs.
  { name: 'slack_token', pattern: /\bxox[abposr]-[A-Za-z0-9-]{10,250}\b/g },
  { name: 'slack_webhook', pattern: /https:\/\/hooks\.slack\.com\/services\/[A-Za-z0-9/_-]{20,}/g },
  // Anthropic before OpenAI: both start with sk-.
  { name: 'anthropic_api_key', pattern: /\bsk-ant-(?:api|admin)\d{2}-[A-Za-z0-9_-]{80,}/g },
  {
    name: 'openai_api_key',
    pattern: /\bsk-(?!ant-)(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,}(?![A-Za-z0-9_-])/g,
  },
  // Stripe secret and restricted keys (publishable pk_ keys are public by design).
  { name: 'stripe_key', pattern: /\b(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{16,247}\b/g },
  { name: 'google_api_key', pattern: /\bAIza[0-9A-Za-z_-]{35}(?![0-9A-Za-z_-])/g },
  // LLMGuard's own API keys.
  { name: 'llmguard_api_key', pattern: /\blg_(?:live|test)_[A-Za-z0-9]{20,}\b/g },
  // PEM private keys of every kind (RSA, EC, OPENSSH, PKCS#8, encrypted); an unterminated block runs to its last
  // base64 line.
  {
    name: 'private_key',
    pattern:
      /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----(?:[\s\S]*?-----END (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----|[A-Za-z0-9+/=\s:,-]*)/g,
  },
  // JSON Web Tokens: a base64url JSON header ("eyJ" is `{"`), a payload and a signature.
  { name: 'jwt', pattern: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g },
  // Any credential assigned to a name that says so (AZURE_OPENAI_KEY=…, "client_secret": "…", password: …), as
  // config and .env files hold them (gitleaks' generic-api-key rule); the value must look generated and hold a
  // digit, so code such as `token = getToken()` is left alone.
  {
    name: 'labelled_credential',
    pattern:
      /\b(?:[A-Za-z0-9]+[_.-])*(?:api[_-]?)?(?:key|secret|token|passw(?:or)?d|pwd|credentials?)\b["']?\s*[:=]\s*["']?([^\s"'`,;(){}[\]<>]{8,200})(?![([{])/gi,
    valueGroup: 1,
  },
  // The password of a URL's userinfo (postgres://app:S3cr3t@db, https://oauth2:TOKEN@gitlab.com).
  { name: 'url_password', pattern: /\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@]+:([^\s/@]{6,})@/gi, valueGroup: 1 },
  // Bearer credentials in a pasted header or curl command; the token is what is secret.
  {
    name: 'bearer_token',
    pattern: /\bBearer\s+([A-Za-z0-9\-._~+/]{20,}=*)(?![A-Za-z0-9\-._~+/=])/g,
    valueGroup: 1,
  },
];

/**
 * Whether a token looks generated rather than written: several distinct characters, mixed classes, and not a
 * documentation placeholder. Real keys have ~5–6 bits of entropy per character; placeholders repeat one.
 */
export function looksRandom(value: string): boolean {
  if (/EXAMPLE|example|x{6,}|X{6,}|\*{4,}|\.{3}|your[_-]?|YOUR[_-]?|<|>/.test(value)) return false;
  const distinct = new Set(value).size;
  if (distinct < Math.min(10, value.length / 2)) return false;
  const classes = Number(/[a-z]/.test(value)) + Number(/[A-Z]/.test(value)) + Number(/\d/.test(value));
  return classes >= 2;
}

/** Cloud access keys, vendor API tokens, private keys, JWTs and bearer tokens. */
export const secretDetector: PiiDetector = {
  type: 'secret',
  find(text, into) {
    const found: PiiFinding[] = [];
    for (const { pattern, valueGroup, name } of SECRET_PATTERNS) {
      for (const match of text.matchAll(pattern)) {
        const value = valueGroup === undefined ? match[0] : (match[valueGroup] ?? '');
        if (name !== 'private_key' && !looksRandom(value)) continue;
        if (name === 'labelled_credential' && !/\d/.test(value)) continue;
        const start = match.index + match[0].lastIndexOf(value);
        found.push({ type: 'secret', start, end: start + value.length });
      }
    }
    // Several patterns can match one credential (a labelled AWS secret, a token inside a URL): keep the longest.
    found.sort((a, b) => a.start - b.start || b.end - a.end);
    let coveredUntil = -1;
    for (const finding of found) {
      if (finding.start < coveredUntil) continue;
      into.push(finding);
      coveredUntil = finding.end;
    }
  },
};
