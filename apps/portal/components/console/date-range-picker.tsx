import { Button } from '@/components/ui/button';
import { SegmentedLinks, type SegmentedLink } from '@/components/ui/segmented-links';
import { TextField } from '@/components/ui/text-field';
import type { UsageRange } from '@/lib/admin-usage-range';
import styles from './date-range-picker.module.css';

/**
 * A range of whole UTC days kept in the URL (lib/admin-usage-range.ts): presets as links and a GET form of custom
 * days, so it works without JavaScript.
 */
export function DateRangePicker({
  action,
  range,
  presets,
  hidden = {},
}: {
  /** The page the form submits to. */
  action: string;
  range: UsageRange;
  presets: SegmentedLink[];
  /** Other parameters of the page that a custom range keeps (a filter). */
  hidden?: Record<string, string>;
}) {
  return (
    <div className={styles.toolbar}>
      <SegmentedLinks label="Range" current={range.preset} links={presets} />
      <form method="get" action={action} className={styles.customRange} aria-label="Custom range">
        <TextField name="from" label="From" type="date" defaultValue={range.fromDay} required />
        <TextField name="to" label="To" type="date" defaultValue={range.toDay} required />
        {Object.entries(hidden).map(([name, value]) => (
          <input key={name} type="hidden" name={name} value={value} />
        ))}
        <Button type="submit" variant="secondary" className={styles.apply}>
          Apply
        </Button>
      </form>
    </div>
  );
}
