import { redirect } from 'next/navigation';
import { getTenants, requireSession } from '@/lib/session';

/** Where a sign-in lands: the first workspace of the user, or the page that creates one. */
export default async function AppEntryPage() {
  await requireSession();
  const [first] = await getTenants();
  redirect(first ? `/${first.slug}` : '/new');
}
