// The public portal's navigation. The signed-in console (api keys, usage, audit log, settings)
// gets its own navigation under app/(dashboard) once sessions exist.

export type NavIcon = 'home' | 'code' | 'activity' | 'log-in' | 'user-plus';

export type NavItem = { label: string; href: string; icon: NavIcon };

export type NavSection = { label: string; items: NavItem[] };

export const publicNavigation: NavSection[] = [
  {
    label: 'Platform',
    items: [
      { label: 'Overview', href: '/', icon: 'home' },
      { label: 'Quickstart', href: '/#quickstart', icon: 'code' },
      { label: 'System status', href: '/#status', icon: 'activity' },
    ],
  },
  {
    label: 'Account',
    items: [
      { label: 'Log in', href: '/login', icon: 'log-in' },
      { label: 'Sign up', href: '/signup', icon: 'user-plus' },
    ],
  },
];
