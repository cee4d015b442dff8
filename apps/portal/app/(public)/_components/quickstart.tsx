import { connection } from 'next/server';
import { Card } from '@/components/ui/card';
import { getEnv } from '@/lib/env';
import styles from './quickstart.module.css';

/** The first call through LLMGuard with the official OpenAI SDK, pointed at this deployment's gateway. */
export async function Quickstart() {
  await connection();
  const gatewayUrl = getEnv().PUBLIC_GATEWAY_URL.replace(/\/$/, '');
  return (
    <Card
      id="quickstart"
      title="Quickstart"
      description="Keep the SDK you already use. Change the base URL and use an LLMGuard API key."
    >
      <div className={styles.layout}>
        <pre className={styles.code} aria-label="Example: a chat completion through LLMGuard">
          <code>
            <span className={styles.keyword}>import</span> OpenAI <span className={styles.keyword}>from</span>{' '}
            <span className={styles.string}>&apos;openai&apos;</span>;{'\n\n'}
            <span className={styles.keyword}>const</span> client = <span className={styles.keyword}>new</span>{' '}
            OpenAI({'{'}
            {'\n'}
            {'  '}baseURL: <span className={styles.string}>&apos;{gatewayUrl}/v1&apos;</span>,{'\n'}
            {'  '}apiKey: process.env.LLMGUARD_API_KEY,{'\n'}
            {'}'});{'\n\n'}
            <span className={styles.keyword}>const</span> completion ={' '}
            <span className={styles.keyword}>await</span> client.chat.completions.create({'{'}
            {'\n'}
            {'  '}model: <span className={styles.string}>&apos;gpt-4o-mini&apos;</span>,{'\n'}
            {'  '}messages: [{'{'} role: <span className={styles.string}>&apos;user&apos;</span>, content:{' '}
            <span className={styles.string}>&apos;Hello!&apos;</span> {'}'}],{'\n'}
            {'}'});
          </code>
        </pre>
        <dl className={styles.endpoints}>
          <div>
            <dt>OpenAI-compatible</dt>
            <dd>
              <code>{gatewayUrl}/v1</code>
            </dd>
          </div>
          <div>
            <dt>Anthropic-compatible</dt>
            <dd>
              <code>{gatewayUrl}</code>
            </dd>
          </div>
          <div>
            <dt>Authentication</dt>
            <dd className={styles.headers}>
              <code>Authorization: Bearer &lt;key&gt;</code>
              <code>x-api-key: &lt;key&gt;</code>
            </dd>
          </div>
        </dl>
      </div>
    </Card>
  );
}
