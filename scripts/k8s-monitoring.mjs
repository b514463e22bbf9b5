// Writes the Kubernetes copies of the monitoring files, from their one source each (test/deploy/
// manifests.test.ts checks they agree). Run after editing the alerts or the dashboard:
//   npm run deploy:monitoring
// - deploy/k8s/prometheus-rules.yaml: the Prometheus Operator's PrometheusRule carrying the rule
//   groups of deploy/prometheus/alerts.yml;
// - deploy/k8s/grafana-dashboard.yaml: a ConfigMap holding deploy/grafana/dashboards/ionsweep.json,
//   labelled for the Grafana sidecar of kube-prometheus-stack (grafana_dashboard: "1").
import { readFileSync, writeFileSync } from 'node:fs';
import { parse, stringify } from 'yaml';

const root = new URL('../', import.meta.url);
const read = (path) => readFileSync(new URL(path, root), 'utf8');
const write = (path, header, doc) => writeFileSync(new URL(path, root), header + stringify(doc, { lineWidth: 0 }));

const generated = (source) =>
  `# Generated from ${source} by \`npm run deploy:monitoring\`: edit that file, not this.\n`;

write(
  'deploy/k8s/prometheus-rules.yaml',
  generated('deploy/prometheus/alerts.yml') +
    '# kube-prometheus-stack selects rules by its Helm release name (metadata.labels.release): set yours.\n',
  {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'PrometheusRule',
    metadata: { name: 'ionsweep', labels: { release: 'kube-prometheus-stack' } },
    spec: { groups: parse(read('deploy/prometheus/alerts.yml')).groups },
  },
);
write(
  'deploy/k8s/grafana-dashboard.yaml',
  generated('deploy/grafana/dashboards/ionsweep.json') +
    '# kube-prometheus-stack\'s Grafana sidecar loads ConfigMaps labelled grafana_dashboard: "1" (any namespace\n' +
    '# when its searchNamespace is ALL); the dashboard picks its Prometheus through its ${datasource} variable.\n',
  {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'ionsweep-grafana-dashboard', labels: { grafana_dashboard: '1' } },
    data: { 'ionsweep.json': read('deploy/grafana/dashboards/ionsweep.json') },
  },
);
