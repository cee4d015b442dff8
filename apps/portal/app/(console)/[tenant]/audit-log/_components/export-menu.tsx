import type { AuditExportFormat } from '@llmguard/shared';
import { Popover } from '@/components/ui/popover';
import styles from './audit-log.module.css';

const FORMATS: { format: AuditExportFormat; label: string; hint: string }[] = [
  { format: 'csv', label: 'CSV', hint: 'For spreadsheets; one row per entry' },
  { format: 'jsonl', label: 'JSON lines', hint: 'For scripts and SIEMs; one entry per line' },
];

/** Downloads of the filtered log (plain links: the portal's route handler streams the file). */
export function ExportMenu({ href }: { href: (format: AuditExportFormat) => string }) {
  return (
    <Popover
      align="end"
      triggerClassName={styles.exportTrigger}
      trigger={
        <>
          <DownloadIcon />
          Export
        </>
      }
    >
      <p className={styles.menuNote}>Entries matching the current filters (up to 366 days), oldest first.</p>
      {FORMATS.map(({ format, label, hint }) => (
        <a key={format} href={href(format)} className={styles.menuItem} download>
          <span className={styles.menuItemLabel}>{label}</span>
          <span className={styles.menuItemHint}>{hint}</span>
        </a>
      ))}
    </Popover>
  );
}

function DownloadIcon() {
  return (
    <svg
      width="15"
      height="15"
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth="2"
      aria-hidden="true"
    >
      <path
        d="M12 3v12m0 0-4.5-4.5M12 15l4.5-4.5M4 17v2a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2v-2"
        strokeLinecap="round"
        strokeLinejoin="round"
      />
    </svg>
  );
}
