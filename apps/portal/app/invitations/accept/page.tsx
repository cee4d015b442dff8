import { redirect } from 'next/navigation';
import { firstParam, type SearchParams } from '@/lib/search-params';

/** An alias of /invite (the invitation email links there), for links written by hand. */
export default async function InvitationsAcceptPage({
  searchParams,
}: {
  searchParams: Promise<SearchParams>;
}) {
  const token = firstParam(await searchParams, 'token');
  redirect(token ? `/invite?token=${encodeURIComponent(token)}` : '/invite');
}
