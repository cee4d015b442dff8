import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { PageHeader } from '@/components/console/page-header';
import { ButtonLink } from '@/components/ui/button';
import { findSection } from '@/lib/console-navigation';
import styles from './section.module.css';

type Params = Promise<{ tenant: string; section: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const section = findSection((await params).section);
  return { title: section?.label ?? 'Not found' };
}

/** A section of the navigation that is not built yet says so, instead of a 404 or a fake page. */
export default async function SectionPlaceholderPage({ params }: { params: Params }) {
  const { tenant, section: segment } = await params;
  const section = findSection(segment);
  if (!section || section.built || segment === '') notFound();
  return (
    <>
      <PageHeader title={section.label} description={section.summary} />
      <div className={styles.placeholder}>
        <p className={styles.badge}>Not built yet</p>
        <h2 className={styles.title}>{section.label} is coming to the portal</h2>
        <p className={styles.text}>
          This page is not built yet; it comes in a later version of the portal. Until then, API keys work in
          full.
        </p>
        <ButtonLink href={`/${tenant}/keys`} variant="secondary" size="sm">
          Go to API keys
        </ButtonLink>
      </div>
    </>
  );
}
