// Checks the Grafana dashboards (infra/monitoring/grafana/dashboards/*.json): valid JSON with a unique uid, unique
// panel ids, panels inside the 24-column grid without overlaps, a Prometheus query on every target; and writes every
// query, with Grafana's variables replaced by concrete values, into a rules file for `promtool check rules`, so a
// PromQL syntax error fails the check. Usage: node check-dashboards.mjs <dashboards dir> <rules file to write>
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const [dashboardsDir, rulesFile] = process.argv.slice(2);
const problems = [];
const uids = new Set();
const rules = [];

for (const file of readdirSync(dashboardsDir)
  .filter((name) => name.endsWith('.json'))
  .sort()) {
  const dashboard = JSON.parse(readFileSync(join(dashboardsDir, file), 'utf8'));
  const where = (message) => problems.push(`${file}: ${message}`);
  if (!dashboard.uid || uids.has(dashboard.uid)) where(`missing or repeated uid ${dashboard.uid}`);
  uids.add(dashboard.uid);
  const ids = new Set();
  const cells = new Set();
  for (const panel of dashboard.panels ?? []) {
    if (ids.has(panel.id)) where(`repeated panel id ${panel.id}`);
    ids.add(panel.id);
    const { x, y, w, h } = panel.gridPos ?? {};
    if (![x, y, w, h].every(Number.isInteger) || x < 0 || x + w > 24)
      where(`panel "${panel.title}" is off the grid`);
    for (let row = y; row < y + h; row += 1)
      for (let column = x; column < x + w; column += 1) {
        const cell = `${row}:${column}`;
        if (cells.has(cell)) where(`panel "${panel.title}" overlaps another at ${cell}`);
        cells.add(cell);
      }
    if (!panel.targets?.length) where(`panel "${panel.title}" has no query`);
    for (const target of panel.targets ?? []) {
      if (!target.expr) where(`panel "${panel.title}" target ${target.refId} has no expr`);
      const expr = target.expr
        .replaceAll('$__rate_interval', '5m')
        .replaceAll('$__interval', '1m')
        .replace(/\$\{?[a-z_]+\}?/g, '.*');
      rules.push({ record: `dashboard:check:${rules.length}`, expr });
    }
  }
}

writeFileSync(rulesFile, JSON.stringify({ groups: [{ name: 'dashboard-queries', rules }] }, null, 2));
if (problems.length > 0) {
  console.error(problems.join('\n'));
  process.exit(1);
}
console.log(`dashboards: ${uids.size} dashboards, ${rules.length} queries to check`);
