import { redirect } from 'next/navigation';

/** /admin opens the tenants list. */
export default function AdminIndexPage() {
  redirect('/admin/tenants');
}
