import Link from 'next/link';
import styles from './segmented.module.css';

export type SegmentedLink = { id: string; label: string; href: string };

/**
 * Mutually exclusive views as links (the choice lives in the URL, so it survives a reload and can
 * be shared); the current one is marked with aria-current.
 */
export function SegmentedLinks({
  links,
  current,
  label,
}: {
  links: SegmentedLink[];
  current: string;
  label: string;
}) {
  return (
    <nav aria-label={label} className={styles.group}>
      {links.map((link) => (
        <Link
          key={link.id}
          href={link.href}
          className={styles.item}
          aria-current={link.id === current ? 'true' : undefined}
          scroll={false}
        >
          {link.label}
        </Link>
      ))}
    </nav>
  );
}
