import { connection } from 'next/server';
import { Card } from '@/components/ui/card';
import { StatusBadge, type StatusTone } from '@/components/ui/status-badge';
import { getEnv } from '@/lib/env';
import { checkReadiness, type ServiceStatus } from '@/lib/status';
import styles from './system-status-card.module.css';

type ServiceRow = { name: string; description: string; status?: ServiceStatus };

/**
 * Probes the control plane and the data plane on every request. Each probe gives up after 1.5 s and
 * never throws, so a service that is down shows as "Unavailable" instead of breaking the page.
 */
export async function SystemStatusCard() {
  await connection();
  const env = getEnv();
  const [controlPlane, dataPlane] = await Promise.all([
    checkReadiness(env.CONTROL_PLANE_URL),
    checkReadiness(env.PUBLIC_GATEWAY_URL),
  ]);
  const checkedAt = new Date().toISOString().slice(11, 19);
  return (
    <SystemStatusView
      services={[
        { name: 'Control plane', description: 'Accounts, API keys and policies', status: controlPlane },
        { name: 'Data plane', description: 'Inference gateway for your apps', status: dataPlane },
      ]}
      footer={`Checked at ${checkedAt} UTC · reload to check again`}
    />
  );
}

/** Shown while the probes run. */
export function SystemStatusCardFallback() {
  return (
    <SystemStatusView
      services={[
        { name: 'Control plane', description: 'Accounts, API keys and policies' },
        { name: 'Data plane', description: 'Inference gateway for your apps' },
      ]}
      footer="Checking…"
    />
  );
}

function SystemStatusView({ services, footer }: { services: ServiceRow[]; footer: string }) {
  return (
    <Card
      id="status"
      title="System status"
      description="Live readiness of each service"
      action={<OverallBadge services={services} />}
      footer={footer}
      className={styles.card}
    >
      <ul className={styles.list} aria-label="Services">
        {services.map((service) => (
          <li key={service.name} className={styles.row}>
            <div className={styles.service}>
              <p className={styles.name}>{service.name}</p>
              <p className={styles.description}>{service.description}</p>
            </div>
            <div className={styles.state}>
              <ServiceBadge status={service.status} />
              {service.status ? <p className={styles.detail}>{service.status.detail}</p> : null}
            </div>
          </li>
        ))}
      </ul>
    </Card>
  );
}

function ServiceBadge({ status }: { status?: ServiceStatus }) {
  if (!status) return <StatusBadge tone="neutral">Checking</StatusBadge>;
  return status.state === 'operational' ? (
    <StatusBadge tone="success">Operational</StatusBadge>
  ) : (
    <StatusBadge tone="danger">Unavailable</StatusBadge>
  );
}

function OverallBadge({ services }: { services: ServiceRow[] }) {
  const statuses = services.map((service) => service.status);
  if (statuses.some((status) => status === undefined)) return null;
  const operational = statuses.filter((status) => status?.state === 'operational').length;
  const [tone, label]: [StatusTone, string] =
    operational === statuses.length
      ? ['success', 'All systems operational']
      : operational === 0
        ? ['danger', 'Services unavailable']
        : ['danger', 'Partial outage'];
  return <StatusBadge tone={tone}>{label}</StatusBadge>;
}
