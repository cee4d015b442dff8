// Validates rendered Kubernetes manifests (multi-document YAML on stdin): each object against the Kubernetes API
// schemas shipped in kubernetes-models (types, required fields, formats; Prometheus Operator CRDs from
// @kubernetes-models/prometheus-operator), then LLMGuard's own rules that the schemas cannot express: probes,
// resources and non-root on every container, and every HPA, PDB, Service and ServiceMonitor pointing at something
// that exists. Prints one line per problem and exits 1 when there is any.
//   helm template ... | node infra/scripts/validate-manifests.mjs <label>
import { parseAllDocuments } from 'yaml';

const label = process.argv[2] ?? 'manifests';
const input = await new Promise((resolve) => {
  let text = '';
  process.stdin.setEncoding('utf8');
  process.stdin.on('data', (chunk) => (text += chunk));
  process.stdin.on('end', () => resolve(text));
});

const objects = parseAllDocuments(input)
  .map((document) => document.toJS())
  .filter((object) => object && typeof object === 'object');
const problems = [];
const problem = (object, message) => problems.push(`${object.kind}/${object.metadata?.name}: ${message}`);

/** The kubernetes-models module of an object's apiVersion and kind. */
function modelModule({ apiVersion, kind }) {
  if (apiVersion.startsWith('monitoring.coreos.com/')) {
    return `@kubernetes-models/prometheus-operator/${apiVersion}/${kind}`;
  }
  return `kubernetes-models/${apiVersion}/${kind}`;
}

for (const object of objects) {
  let Model;
  try {
    Model = (await import(modelModule(object)))[object.kind];
  } catch {
    problem(object, `no schema for ${object.apiVersion} ${object.kind}`);
    continue;
  }
  try {
    new Model(object).validate();
  } catch (error) {
    problem(object, `schema: ${error.message.split('\n')[0]}`);
  }
}

const byKind = (kind) => objects.filter((object) => object.kind === kind);
const matches = (selector, labels) =>
  Object.entries(selector ?? {}).every(([key, value]) => labels?.[key] === value);

const deployments = byKind('Deployment');
for (const deployment of [...deployments, ...byKind('Job')]) {
  const pod = deployment.spec.template.spec;
  if (pod.securityContext?.runAsNonRoot !== true) problem(deployment, 'pod must set runAsNonRoot: true');
  for (const container of pod.containers) {
    const where = `container ${container.name}`;
    if (!container.resources?.requests?.cpu || !container.resources?.requests?.memory)
      problem(deployment, `${where} needs cpu and memory requests`);
    if (!container.resources?.limits?.memory) problem(deployment, `${where} needs a memory limit`);
    if (/:latest$/.test(container.image) || !container.image.includes(':'))
      problem(deployment, `${where} image must have a pinned tag`);
    if (container.securityContext?.allowPrivilegeEscalation !== false)
      problem(deployment, `${where} must set allowPrivilegeEscalation: false`);
    if (container.securityContext?.readOnlyRootFilesystem !== true)
      problem(deployment, `${where} must set readOnlyRootFilesystem: true`);
    if (deployment.kind === 'Deployment' && (!container.livenessProbe || !container.readinessProbe))
      problem(deployment, `${where} needs liveness and readiness probes`);
    const portNames = new Set((container.ports ?? []).map((port) => port.name));
    for (const probe of [container.livenessProbe, container.readinessProbe, container.startupProbe]) {
      const port = probe?.httpGet?.port;
      if (typeof port === 'string' && !portNames.has(port))
        problem(deployment, `${where} probe uses port ${port}, which the container does not name`);
    }
  }
}

const podLabels = deployments.map((deployment) => deployment.spec.template.metadata.labels);
for (const service of byKind('Service')) {
  if (!podLabels.some((labels) => matches(service.spec.selector, labels)))
    problem(service, 'selects no pods of this release');
}
for (const hpa of byKind('HorizontalPodAutoscaler')) {
  const target = deployments.find((deployment) => deployment.metadata.name === hpa.spec.scaleTargetRef.name);
  if (!target) problem(hpa, `scales ${hpa.spec.scaleTargetRef.name}, which is not rendered`);
  else if (target.spec.replicas !== undefined)
    problem(hpa, 'its Deployment also sets replicas (they would fight)');
  if (hpa.spec.minReplicas > hpa.spec.maxReplicas) problem(hpa, 'minReplicas > maxReplicas');
}
for (const pdb of byKind('PodDisruptionBudget')) {
  if (!podLabels.some((labels) => matches(pdb.spec.selector.matchLabels, labels)))
    problem(pdb, 'selects no pods of this release');
}
for (const monitor of byKind('ServiceMonitor')) {
  const service = byKind('Service').find((candidate) =>
    matches(monitor.spec.selector.matchLabels, candidate.metadata.labels),
  );
  if (!service) problem(monitor, 'selects no Service');
  for (const endpoint of monitor.spec.endpoints) {
    if (service && !service.spec.ports.some((port) => port.name === endpoint.port))
      problem(monitor, `port ${endpoint.port} is not a port of Service ${service.metadata.name}`);
  }
}

// The data and control planes are separate Deployments of the gateway image, one plane each.
const planes = deployments
  .flatMap((deployment) => deployment.spec.template.spec.containers)
  .flatMap((container) => container.env ?? [])
  .filter((variable) => variable.name === 'GATEWAY_PLANES')
  .map((variable) => variable.value)
  .sort();
if (planes.join() !== 'control,data')
  problems.push(`gateway planes rendered: [${planes}], expected [control, data]`);

const kinds = [...new Set(objects.map((object) => object.kind))].sort().join(', ');
if (problems.length > 0) {
  console.error(`${label}: ${problems.length} problem(s)\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log(`${label}: ${objects.length} objects valid (${kinds})`);
