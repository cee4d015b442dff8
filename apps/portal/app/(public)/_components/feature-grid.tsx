import type { ComponentType, SVGProps } from 'react';
import { ChartIcon, KeyIcon, PlugIcon, ShieldIcon } from '@/components/ui/icons';
import styles from './feature-grid.module.css';

type Feature = { title: string; text: string; Icon: ComponentType<SVGProps<SVGSVGElement>> };

const features: Feature[] = [
  {
    title: 'Drop-in for your SDKs',
    text: 'OpenAI and Anthropic wire formats with streaming, routed to OpenAI, Anthropic, Azure OpenAI, Gemini, vLLM, TGI or Ollama.',
    Icon: PlugIcon,
  },
  {
    title: 'Keys, limits and budgets',
    text: 'Issue keys per team and app, with request, token and concurrency limits and spend budgets.',
    Icon: KeyIcon,
  },
  {
    title: 'Guardrails',
    text: 'Catch PII and prompt injection and filter content on the way in and on the way out.',
    Icon: ShieldIcon,
  },
  {
    title: 'Usage you can bill',
    text: 'Every token metered exactly once, by tenant, key and model, with cost, SLA and audit reports.',
    Icon: ChartIcon,
  },
];

export function FeatureGrid() {
  return (
    <section aria-labelledby="features-title" className={styles.section}>
      <h2 id="features-title" className={styles.title}>
        What LLMGuard does
      </h2>
      <ul className={styles.grid}>
        {features.map(({ title, text, Icon }) => (
          <li key={title} className={styles.feature}>
            <span className={styles.icon}>
              <Icon />
            </span>
            <h3 className={styles.featureTitle}>{title}</h3>
            <p className={styles.featureText}>{text}</p>
          </li>
        ))}
      </ul>
    </section>
  );
}
