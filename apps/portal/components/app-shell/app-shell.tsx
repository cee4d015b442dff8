import type { ReactNode } from 'react';
import { ShellFrame } from '../shell/shell-frame';
import frame from '../shell/shell-frame.module.css';
import { ButtonLink } from '../ui/button';
import styles from './app-shell.module.css';
import { publicNavigation } from './navigation';
import { CurrentPageTitle, SidebarNav } from './sidebar-nav';

/**
 * The signed-out frame: the public sections and a note about the console in the sidebar, log in and sign up in the
 * header. Below 900 px the sidebar folds away and the header shows the logo.
 */
export function AppShell({ children }: { children: ReactNode }) {
  return (
    <ShellFrame
      home={{ href: '/', label: 'LLMGuard home' }}
      sidebar={
        <>
          <SidebarNav sections={publicNavigation} />
          <div className={styles.sidebarNote}>
            <p className={styles.sidebarNoteTitle}>Your console</p>
            <p>API keys, usage, policies and audit logs appear here once you sign in.</p>
          </div>
        </>
      }
      breadcrumb={
        <div className={styles.wideOnly}>
          <p className={frame.breadcrumb}>
            <span>Developer portal</span>
            <CurrentPageTitle
              sections={publicNavigation}
              separatorClassName={frame.breadcrumbSeparator}
              className={frame.breadcrumbCurrent}
            />
          </p>
        </div>
      }
      actions={
        <div className={styles.headerActions}>
          <ButtonLink href="/login" variant="ghost" size="sm">
            Log in
          </ButtonLink>
          <ButtonLink href="/signup" variant="primary" size="sm">
            Sign up
          </ButtonLink>
        </div>
      }
    >
      {children}
    </ShellFrame>
  );
}
