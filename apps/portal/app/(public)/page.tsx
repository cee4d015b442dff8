import type { Metadata } from 'next';
import { Suspense } from 'react';
import { ButtonLink } from '@/components/ui/button';
import { ArrowRightIcon } from '@/components/ui/icons';
import { FeatureGrid } from './_components/feature-grid';
import { Quickstart } from './_components/quickstart';
import { SystemStatusCard, SystemStatusCardFallback } from './_components/system-status-card';
import styles from './page.module.css';

export const metadata: Metadata = {
  title: { absolute: 'LLMGuard · The gateway for your LLM traffic' },
};

const providers = ['OpenAI', 'Anthropic', 'Azure OpenAI', 'Gemini', 'vLLM', 'TGI', 'Ollama'];

export default function OverviewPage() {
  return (
    <div className={styles.page}>
      <div className={styles.top}>
        <section className={styles.hero} aria-labelledby="hero-title">
          <p className={styles.eyebrow}>LLMGuard developer portal</p>
          <h1 id="hero-title" className={styles.title}>
            One secure gateway for every LLM your apps call
          </h1>
          <p className={styles.lede}>
            LLMGuard sits between your applications and the models they use. Keep the official OpenAI and
            Anthropic SDKs; get API keys per team, rate limits and budgets, guardrails, caching, failover and
            usage you can bill.
          </p>
          <div className={styles.actions}>
            <ButtonLink href="/signup" size="lg">
              Sign up
              <ArrowRightIcon />
            </ButtonLink>
            <ButtonLink href="/login" size="lg" variant="secondary">
              Log in
            </ButtonLink>
          </div>
          <div className={styles.providers}>
            <span className={styles.providersLabel}>Works with</span>
            <ul className={styles.providerList}>
              {providers.map((provider) => (
                <li key={provider} className={styles.provider}>
                  {provider}
                </li>
              ))}
            </ul>
          </div>
        </section>
        <Suspense fallback={<SystemStatusCardFallback />}>
          <SystemStatusCard />
        </Suspense>
      </div>
      <Quickstart />
      <FeatureGrid />
    </div>
  );
}
