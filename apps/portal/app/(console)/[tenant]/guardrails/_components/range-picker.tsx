import { Button } from '@/components/ui/button';
import { SegmentedLinks } from '@/components/ui/segmented-links';
import { TextField } from '@/components/ui/text-field';
import type { UsageRange } from '@/lib/admin-usage-range';
import { GUARDRAIL_PRESETS, guardrailsHref } from '@/lib/guardrail-activity';
import styles from './guardrails.module.css';

/** Presets as links and a GET form of whole UTC days: the range lives in the URL and works without JavaScript. */
export function RangePicker({ tenantSlug, range }: { tenantSlug: string; range: UsageRange }) {
  return (
    <div className={styles.toolbar}>
      <SegmentedLinks
        label="Date range"
        current={range.preset}
        links={GUARDRAIL_PRESETS.map((preset) => ({
          id: preset.value,
          label: preset.label,
          href: guardrailsHref(tenantSlug, preset.value),
        }))}
      />
      <form
        method="get"
        action={`/${tenantSlug}/guardrails`}
        className={styles.customRange}
        aria-label="Custom range"
      >
        <TextField name="from" label="From" type="date" defaultValue={range.fromDay} required />
        <TextField name="to" label="To" type="date" defaultValue={range.toDay} required />
        <Button type="submit" variant="secondary" className={styles.apply}>
          Apply
        </Button>
      </form>
    </div>
  );
}
