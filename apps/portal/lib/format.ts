// Dates as the console shows them. Formatted on the server in UTC, so the server's HTML and the
// browser's hydration agree; the full ISO time goes in the element's title.

const dateFormat = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeZone: 'UTC' });

/** "Jan 31, 2026". */
export function formatDate(iso: string): string {
  return dateFormat.format(new Date(iso));
}

/** "just now", "5 minutes ago", "3 days ago", then the date; "Never" for null. */
export function formatLastUsed(iso: string | null, now: Date): string {
  if (iso === null) return 'Never';
  const seconds = Math.max(0, Math.round((now.getTime() - Date.parse(iso)) / 1000));
  if (seconds < 60) return 'Just now';
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} minute${minutes === 1 ? '' : 's'} ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours} hour${hours === 1 ? '' : 's'} ago`;
  const days = Math.floor(hours / 24);
  if (days < 30) return `${days} day${days === 1 ? '' : 's'} ago`;
  return formatDate(iso);
}
