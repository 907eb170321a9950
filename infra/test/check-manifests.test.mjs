import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parse, parseAllDocuments, stringify } from 'yaml';
import { checkAll, checkCompose, checkKubernetes } from '../scripts/check-manifests.mjs';

const INFRA = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SCRIPT = join(INFRA, 'scripts', 'check-manifests.mjs');
const read = (path) => readFileSync(join(INFRA, path), 'utf8');
const compose = () => parse(read('compose.yaml'), { merge: true });
const apiDeployment = () => parse(read('k8s/api-deployment.yaml'));
const apiContainer = (d) => d.spec.template.spec.containers[0];

describe('the committed deployment files', () => {
  it('pass the Compose Specification and Kubernetes schemas', async () => {
    const results = await checkAll();
    assert.ok(results.length >= 7, `compose.yaml and the k8s manifests, got ${results.length} files`);
    for (const { file, problems } of results) assert.deepEqual(problems, [], file);
  });

  it('give the API readiness and liveness on /healthz, and share the key Secrets with the workers', () => {
    const api = apiContainer(apiDeployment());
    assert.equal(api.readinessProbe.httpGet.path, '/healthz');
    assert.equal(api.livenessProbe.httpGet.path, '/healthz');
    const worker = parse(read('k8s/worker-deployment.yaml'));
    assert.deepEqual(worker.spec.template.spec.containers[0].command, ['node', 'apps/api/dist/worker.js']);
    const secrets = parseAllDocuments(read('k8s/secrets.yaml')).map((d) => d.toJS());
    assert.deepEqual(secrets.map((s) => s.kind), ['Secret', 'Secret']);
    assert.ok('JWT_SECRET' in secrets[0].stringData && 'ledger-signing-key.pem' in secrets[1].stringData);
    for (const d of [apiDeployment(), worker]) {
      const c = d.spec.template.spec.containers[0];
      assert.ok(c.envFrom.some((e) => e.secretRef?.name === 'eastlake-secrets'));
      assert.ok(d.spec.template.spec.volumes.some((v) => v.secret?.secretName === 'eastlake-ledger-key'));
    }
    const services = compose().services;
    assert.deepEqual(Object.keys(services).sort(), ['api', 'postgres', 'redis', 'worker']);
    for (const name of ['api', 'postgres', 'redis']) assert.ok(services[name].healthcheck, `${name} has a healthcheck`);
    assert.match(services.api.healthcheck.test.join(' '), /\/healthz/);
  });
});

describe('the Dockerfile', () => {
  it('copies every workspace manifest before `npm ci` (a workspace it misses breaks the image build)', () => {
    const repo = resolve(INFRA, '..');
    const patterns = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')).workspaces;
    const workspaces = patterns.flatMap((p) =>
      p.endsWith('/*')
        ? readdirSync(join(repo, p.slice(0, -2)), { withFileTypes: true })
            .filter((e) => e.isDirectory() && existsSync(join(repo, p.slice(0, -2), e.name, 'package.json')))
            .map((e) => `${p.slice(0, -2)}/${e.name}`)
        : [p],
    );
    assert.ok(workspaces.includes('apps/api') && workspaces.includes('infra'), workspaces.join(', '));
    const dockerfile = read('Dockerfile');
    const ci = dockerfile.indexOf('RUN npm ci');
    assert.ok(ci > 0, 'the build stage runs npm ci');
    for (const ws of workspaces) {
      const copy = dockerfile.indexOf(`COPY ${ws}/package.json ${ws}/`);
      assert.ok(copy > 0 && copy < ci, `COPY ${ws}/package.json before npm ci`);
    }
    assert.deepEqual([...dockerfile.matchAll(/^FROM (\S+)/gm)].map((m) => m[1]), ['node:20-bookworm-slim', 'node:20-bookworm-slim']);
    assert.match(dockerfile, /^CMD \["node", "apps\/api\/dist\/main\.js"\]$/m);
  });
});

describe('a broken file fails the check', () => {
  it('a compose service with a misspelt key', () => {
    const doc = compose();
    doc.services.api.heathcheck = doc.services.api.healthcheck;
    delete doc.services.api.healthcheck;
    assert.deepEqual(checkCompose(stringify(doc)), ['/services/api must NOT have additional properties (heathcheck)']);
  });

  it('a compose dependency on an unknown condition, and a healthcheck test that is a number', () => {
    const doc = compose();
    doc.services.worker.depends_on.api.condition = 'service_ready';
    doc.services.redis.healthcheck.test = 42;
    const problems = checkCompose(stringify(doc));
    assert.ok(problems.some((p) => p.startsWith('/services/worker/depends_on')), problems.join('\n'));
    assert.ok(problems.some((p) => p.startsWith('/services/redis/healthcheck/test')), problems.join('\n'));
  });

  it('compose YAML that does not parse', () => {
    assert.match(checkCompose('services:\n  api:\n    image: [unclosed\n')[0], /^YAML: /);
  });

  it('a Deployment with replicas as a word, no selector, and a probe without a port', async () => {
    const doc = apiDeployment();
    doc.spec.replicas = 'two';
    delete doc.spec.selector;
    delete apiContainer(doc).readinessProbe.httpGet.port;
    assert.deepEqual((await checkKubernetes(stringify(doc))).sort(), [
      'Deployment eastlake-api: /spec must have required property selector',
      'Deployment eastlake-api: /spec/replicas must be integer',
      'Deployment eastlake-api: /spec/template/spec/containers/0/readinessProbe/httpGet must have required property port',
    ]);
  });

  it('a field Kubernetes does not define (a misspelt probe, a misplaced key), as strict validation says', async () => {
    const doc = apiDeployment();
    const api = apiContainer(doc);
    api.readinesProbe = api.readinessProbe;
    delete api.readinessProbe;
    doc.spec.template.spec.volumes[0].persistentVolumeClaim.readonly = true;
    assert.deepEqual(await checkKubernetes(stringify(doc)), [
      'Deployment eastlake-api: /spec/template/spec/containers/0/readinesProbe is not a field of IContainer',
      'Deployment eastlake-api: /spec/template/spec/volumes/0/persistentVolumeClaim/readonly is not a field of IPersistentVolumeClaimVolumeSource',
    ]);
  });

  it('a container port given as a string, and a Service protocol that does not exist', async () => {
    const doc = apiDeployment();
    apiContainer(doc).ports[0].containerPort = '4000';
    const service = parse(read('k8s/api-service.yaml'));
    service.spec.ports[0].protocol = 'TPC';
    const problems = await checkKubernetes(`${stringify(doc)}---\n${stringify(service)}`);
    assert.deepEqual(problems, [
      'Deployment eastlake-api: /spec/template/spec/containers/0/ports/0/containerPort must be integer',
      'Service eastlake-api: /spec/ports/0/protocol must be equal to one of the allowed values',
    ]);
  });

  it('an unknown kind or apiVersion', async () => {
    const doc = apiDeployment();
    assert.deepEqual(await checkKubernetes(stringify({ ...doc, kind: 'Deploymint' })), ['Deploymint eastlake-api: apps/v1 Deploymint is not a known Kubernetes kind']);
    assert.deepEqual(await checkKubernetes(stringify({ ...doc, apiVersion: 'apps/v2' })), ['Deployment eastlake-api: apps/v2 Deployment is not a known Kubernetes kind']);
  });

  it('the command exits 1 and names the file when a manifest under k8s/ is broken', () => {
    const copy = mkdtempSync(join(tmpdir(), 'eastlake-infra-'));
    try {
      cpSync(join(INFRA, 'compose.yaml'), join(copy, 'compose.yaml'));
      cpSync(join(INFRA, 'k8s'), join(copy, 'k8s'), { recursive: true });
      const good = spawnSync(process.execPath, [SCRIPT, copy], { encoding: 'utf8' });
      assert.equal(good.status, 0, good.stdout + good.stderr);
      const doc = parse(read('k8s/worker-deployment.yaml'));
      doc.spec.template.spec.containers[0].resources.limits.memory = { gigabytes: 2 };
      writeFileSync(join(copy, 'k8s', 'worker-deployment.yaml'), stringify(doc));
      const bad = spawnSync(process.execPath, [SCRIPT, copy], { encoding: 'utf8' });
      assert.equal(bad.status, 1, bad.stdout + bad.stderr);
      assert.match(bad.stdout, /FAIL {2}.*worker-deployment\.yaml: Deployment eastlake-worker: \/spec\/template\/spec\/containers\/0\/resources\/limits\/memory/);
      assert.match(bad.stdout, /ok {4}.*api-deployment\.yaml/);
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });
});
