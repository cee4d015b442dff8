import { Button } from '@/components/ui/button';
import { SegmentedLinks } from '@/components/ui/segmented-links';
import {
  USAGE_PRESET_LABELS,
  USAGE_PRESETS,
  USAGE_SPLIT_LABELS,
  USAGE_SPLITS,
  usageViewSearch,
  type UsageView,
} from '@/lib/usage-range';
import styles from './usage.module.css';

/**
 * The view's controls, all plain links and a GET form: they work without JavaScript, keep the view
 * in the URL, and are reachable with the keyboard.
 */
export function UsageToolbar({ tenantSlug, view }: { tenantSlug: string; view: UsageView }) {
  const href = (change: Parameters<typeof usageViewSearch>[1]) =>
    `/${tenantSlug}/usage${usageViewSearch(view, change)}`;
  return (
    <div className={styles.toolbar}>
      <div className={styles.toolbarRow}>
        <SegmentedLinks
          label="Date range"
          current={view.preset}
          links={USAGE_PRESETS.map((preset) => ({
            id: preset,
            label: USAGE_PRESET_LABELS[preset],
            href: href({ preset }),
          }))}
        />
        <div className={styles.toolbarGroup}>
          <SegmentedLinks
            label="Granularity"
            current={view.granularity}
            links={[
              { id: 'hour', label: 'Hourly', href: href({ granularity: 'hour' }) },
              { id: 'day', label: 'Daily', href: href({ granularity: 'day' }) },
            ]}
          />
          <span className={styles.toolbarLabel} aria-hidden="true">
            Split by
          </span>
          <SegmentedLinks
            label="Split by"
            current={view.split}
            links={USAGE_SPLITS.map((split) => ({
              id: split,
              label: USAGE_SPLIT_LABELS[split],
              href: href({ split }),
            }))}
          />
        </div>
      </div>
      {view.preset === 'custom' ? (
        <form
          method="get"
          action={`/${tenantSlug}/usage`}
          className={styles.customForm}
          aria-label="Custom range"
        >
          <input type="hidden" name="range" value="custom" />
          <input type="hidden" name="granularity" value={view.granularity} />
          <input type="hidden" name="split" value={view.split} />
          <label className={styles.dateField}>
            <span>From</span>
            <input type="date" name="from" defaultValue={view.fromDay} required />
          </label>
          <label className={styles.dateField}>
            <span>To</span>
            <input type="date" name="to" defaultValue={view.toDay} required />
          </label>
          <Button type="submit" variant="secondary" size="sm">
            Apply
          </Button>
          <span className={styles.hint}>Whole days in UTC, both included; at most 92 days.</span>
        </form>
      ) : null}
    </div>
  );
}
