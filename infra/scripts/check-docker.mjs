// Checks infra/docker-compose.yml and the Dockerfile without Docker: the compose file parses, every service with a
// build names a target that the Dockerfile defines, every depends_on names a service, every app has a health check
// (its own or its image's HEALTHCHECK), published ports do not collide; in the Dockerfile every `COPY --from` names an
// earlier stage and every other COPY source exists in the repository.
// Usage: node check-docker.mjs <compose file> <Dockerfile>
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parse } from 'yaml';

const [composeFile, dockerfile] = process.argv.slice(2);
const compose = parse(readFileSync(composeFile, 'utf8'));
const dockerText = readFileSync(dockerfile, 'utf8');
const targets = new Set([...dockerText.matchAll(/^FROM\s+\S+\s+AS\s+(\S+)/gim)].map((match) => match[1]));
// Targets whose stage declares a HEALTHCHECK (the lines between its FROM and the next FROM).
const healthy = new Set(
  dockerText
    .split(/^(?=FROM\s)/m)
    .filter((stage) => /^HEALTHCHECK\s/m.test(stage))
    .map((stage) => /^FROM\s+\S+\s+AS\s+(\S+)/i.exec(stage)?.[1]),
);
const problems = [];
const repositoryRoot = join(dirname(dockerfile), '..', '..');
const stagesSoFar = new Set();
for (const line of dockerText.split('\n')) {
  const stage = /^FROM\s+\S+\s+AS\s+(\S+)/i.exec(line);
  if (stage) stagesSoFar.add(stage[1]);
  const copy = /^COPY\s+(.*)$/.exec(line);
  if (!copy) continue;
  const words = copy[1].split(/\s+/);
  const from = words.find((word) => word.startsWith('--from='))?.slice('--from='.length);
  const sources = words.filter((word) => !word.startsWith('--')).slice(0, -1);
  if (from && !stagesSoFar.has(from)) problems.push(`Dockerfile: COPY --from=${from} names no earlier stage`);
  if (!from)
    for (const source of sources)
      if (source !== '.' && !existsSync(join(repositoryRoot, source)))
        problems.push(`Dockerfile: COPY source ${source} does not exist`);
}
const services = compose.services ?? {};
const published = new Map();
for (const [name, service] of Object.entries(services)) {
  const target = service.build?.target;
  if (service.build && !targets.has(target))
    problems.push(`${name}: build target "${target}" is not in the Dockerfile`);
  const dependsOn = Array.isArray(service.depends_on)
    ? service.depends_on
    : Object.keys(service.depends_on ?? {});
  for (const dependency of dependsOn)
    if (!services[dependency]) problems.push(`${name}: depends on unknown service "${dependency}"`);
  const oneShot = service.restart === 'no' || name === 'migrate';
  if (!oneShot && !service.healthcheck && !healthy.has(target))
    problems.push(`${name}: no health check (neither in compose nor in its Dockerfile stage)`);
  for (const port of service.ports ?? []) {
    const host = String(port).split(':').slice(0, -1).join(':');
    if (published.has(host))
      problems.push(`${name}: host port ${host} also published by ${published.get(host)}`);
    published.set(host, name);
  }
}
if (problems.length > 0) {
  console.error(problems.join('\n'));
  process.exit(1);
}
console.log(`compose: ${Object.keys(services).length} services, targets ${[...targets].join(', ')}`);
