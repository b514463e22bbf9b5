// Writes deploy/k8s/prometheus-rules.yaml, the Prometheus Operator's PrometheusRule carrying the
// rule groups of deploy/prometheus/alerts.yml (one source; test/deploy/manifests.test.ts checks
// the two agree). Run after editing the alerts: npm run deploy:rules
import { readFileSync, writeFileSync } from 'node:fs';
import { parse, stringify } from 'yaml';

const root = new URL('../', import.meta.url);
const alerts = parse(readFileSync(new URL('deploy/prometheus/alerts.yml', root), 'utf8'));
const rule = {
  apiVersion: 'monitoring.coreos.com/v1',
  kind: 'PrometheusRule',
  metadata: {
    name: 'ionsweep',
    // kube-prometheus-stack selects rules by its Helm release name: set yours
    labels: { release: 'kube-prometheus-stack' },
  },
  spec: { groups: alerts.groups },
};
const header =
  '# Generated from deploy/prometheus/alerts.yml by `npm run deploy:rules`: edit that file, not this.\n' +
  '# kube-prometheus-stack selects rules by its Helm release name (metadata.labels.release): set yours.\n';
writeFileSync(new URL('deploy/k8s/prometheus-rules.yaml', root), header + stringify(rule, { lineWidth: 0 }));
