import { PageHeader } from '@/components/console/page-header';
import styles from './_components/playground.module.css';
import skeleton from './loading.module.css';

/** The playground's frame while the page loads: the same layout, with placeholders where fields go. */
export default function PlaygroundLoading() {
  return (
    <div aria-busy="true" aria-label="Loading the playground">
      <PageHeader
        title="Playground"
        description="Try a model through the gateway with one of your API keys and watch the answer stream."
      />
      <div className={styles.layout}>
        <div className={`${styles.panel} ${styles.setup}`}>
          <span className={skeleton.line} style={{ width: '40%' }} />
          <span className={skeleton.block} />
          <span className={skeleton.line} style={{ width: '30%' }} />
          <span className={skeleton.block} />
        </div>
        <div className={styles.chat}>
          <div className={`${styles.chatFrame} ${skeleton.frame}`} />
        </div>
        <div className={`${styles.panel} ${styles.parameters}`}>
          <span className={skeleton.line} style={{ width: '35%' }} />
          <span className={skeleton.tall} />
          <span className={skeleton.block} />
          <span className={skeleton.block} />
        </div>
      </div>
    </div>
  );
}
