import { PageHeader } from '@/components/console/page-header';
import styles from './_components/playground.module.css';
import skeleton from '@/components/ui/skeleton.module.css';
import sizes from './loading.module.css';

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
          <span className={`${skeleton.bone} ${sizes.line}`} style={{ width: '40%' }} />
          <span className={`${skeleton.bone} ${sizes.block}`} />
          <span className={`${skeleton.bone} ${sizes.line}`} style={{ width: '30%' }} />
          <span className={`${skeleton.bone} ${sizes.block}`} />
        </div>
        <div className={styles.chat}>
          <div className={`${styles.chatFrame} ${sizes.frame}`} />
        </div>
        <div className={`${styles.panel} ${styles.parameters}`}>
          <span className={`${skeleton.bone} ${sizes.line}`} style={{ width: '35%' }} />
          <span className={`${skeleton.bone} ${sizes.tall}`} />
          <span className={`${skeleton.bone} ${sizes.block}`} />
          <span className={`${skeleton.bone} ${sizes.block}`} />
        </div>
      </div>
    </div>
  );
}
