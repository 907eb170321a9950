#!/usr/bin/env node
// Offline schema check of the deployment files: infra/compose.yaml against the Compose
// Specification's JSON schema (the copy dclint ships) and every document under infra/k8s/
// against the Kubernetes OpenAPI schemas (compiled into kubernetes-models' validators),
// strictly: a field the API does not define (a misspelt `readinesProbe`) is an error too,
// as `kubectl apply --validate=strict` would say, found through kubernetes-models' types.
// Exits 1 naming each problem; `npm test -w infra` runs it and feeds it broken files.
// Usage: node infra/scripts/check-manifests.mjs [folder holding compose.yaml and k8s/]
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import Ajv from 'ajv';
import ts from 'typescript';
import { parseAllDocuments } from 'yaml';

const require = createRequire(import.meta.url);
const INFRA = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The Compose Specification schema (draft-07) as published by compose-spec, shipped in dclint. */
export const COMPOSE_SCHEMA_PATH = join(dirname(require.resolve('dclint/package.json')), 'schemas', 'compose.schema.json');

let composeValidator;
function composeValidate() {
  if (!composeValidator) {
    // The spec's own schema uses `format: duration` etc. loosely and custom keywords; formats are not asserted.
    const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false });
    // It names draft-07 by an https URL that Ajv does not list; Ajv's default dialect is draft-07.
    const { $schema, ...schema } = JSON.parse(readFileSync(COMPOSE_SCHEMA_PATH, 'utf8'));
    if (!String($schema).includes('draft-07')) throw new Error(`${COMPOSE_SCHEMA_PATH}: expected a draft-07 schema, got ${$schema}`);
    composeValidator = ajv.compile(schema);
  }
  return composeValidator;
}

/** YAML documents of `text`, or the parse errors (anchors and `<<` merge keys resolved). */
export function parseYaml(text) {
  const docs = parseAllDocuments(text, { merge: true, uniqueKeys: true });
  const errors = [];
  const values = [];
  for (const doc of Array.isArray(docs) ? docs : [docs]) {
    for (const e of doc.errors) errors.push(`YAML: ${e.message.split('\n')[0]}`);
    const value = doc.toJS({ maxAliasCount: 100 });
    if (value !== null && value !== undefined) values.push(value);
  }
  return { values, errors };
}

const describeAjv = (errors) =>
  (errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}${e.params?.additionalProperty ? ` (${e.params.additionalProperty})` : ''}`);

/** Problems of a compose file's text against the Compose Specification ([] when valid). */
export function checkCompose(text) {
  const { values, errors } = parseYaml(text);
  if (errors.length) return errors;
  if (values.length !== 1) return [`a compose file is one YAML document, not ${values.length}`];
  const validate = composeValidate();
  if (validate(values[0])) return [];
  return describeAjv(validate.errors);
}

/** `kubernetes-models/<group>/<version>/<Kind>` for an object's apiVersion and kind. */
function modelPath(apiVersion, kind) {
  if (typeof apiVersion !== 'string' || typeof kind !== 'string' || !/^[A-Za-z0-9]+$/.test(kind)) return null;
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : [null, apiVersion];
  return `kubernetes-models/${group ? `${group}/` : ''}${version}/${kind}`;
}

const MODELS_ROOT = dirname(require.resolve('kubernetes-models/package.json'));
let program;
const programFiles = new Set();

/** The declared interface `I<Kind>` of a kubernetes-models module, with a checker over it. */
function declaredType(path, kind) {
  const file = join(MODELS_ROOT, `${path.slice('kubernetes-models/'.length)}.d.ts`);
  if (!programFiles.has(file)) {
    programFiles.add(file);
    program = ts.createProgram([...programFiles], { noEmit: true, skipLibCheck: true, types: [], moduleResolution: ts.ModuleResolutionKind.Node10, target: ts.ScriptTarget.ES2022 }, undefined, program);
  }
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(file);
  const module = source && checker.getSymbolAtLocation(source);
  const symbol = module && checker.getExportsOfModule(module).find((s) => s.name === `I${kind}`);
  return symbol ? { checker, type: checker.getDeclaredTypeOfSymbol(symbol) } : null;
}

/** Paths of `value`'s fields that `type` does not declare (maps such as labels take any key). */
function unknownFields(checker, value, type, path, out) {
  if (value === null || typeof value !== 'object') return;
  const t = checker.getNonNullableType(type);
  const members = (t.isUnion() ? t.types : [t]).filter((m) => m.flags & ts.TypeFlags.Object);
  if (Array.isArray(value)) {
    const list = members.find((m) => checker.isArrayType(m));
    if (list) value.forEach((v, i) => unknownFields(checker, v, checker.getTypeArguments(list)[0], `${path}/${i}`, out));
    return;
  }
  if (members.length === 0) return;
  for (const [key, child] of Object.entries(value)) {
    const property = members.map((m) => checker.getPropertyOfType(m, key)).find(Boolean);
    if (property) {
      unknownFields(checker, child, checker.getTypeOfSymbol(property), `${path}/${key}`, out);
      continue;
    }
    const index = members.map((m) => checker.getIndexTypeOfType(m, ts.IndexKind.String)).find(Boolean);
    if (index) unknownFields(checker, child, index, `${path}/${key}`, out);
    else out.push(`${path}/${key} is not a field of ${checker.typeToString(members[0])}`);
  }
}

/** Problems of one Kubernetes object against the schema of its apiVersion and kind ([] when valid). */
export async function checkKubernetesObject(object) {
  if (typeof object !== 'object' || object === null || Array.isArray(object)) return ['a Kubernetes manifest is an object'];
  const path = modelPath(object.apiVersion, object.kind);
  if (!path) return ['apiVersion and kind must be set'];
  let Model;
  try {
    const module = await import(path);
    Model = module[object.kind];
  } catch {
    Model = undefined;
  }
  if (typeof Model !== 'function') return [`${object.apiVersion} ${object.kind} is not a known Kubernetes kind`];
  const { apiVersion, kind, ...rest } = object;
  const model = new Model(rest);
  if (model.apiVersion !== apiVersion || model.kind !== kind) return [`${apiVersion} ${kind} is not a known Kubernetes kind`];
  const problems = [];
  try {
    model.validate();
  } catch (error) {
    const details = describeAjv(error.errors ?? error.details);
    problems.push(...(details.length ? details : [String(error.message ?? error).split('\n')[0]]));
  }
  const declared = declaredType(path, kind);
  if (!declared) return [...problems, `no type declaration for ${apiVersion} ${kind}`];
  unknownFields(declared.checker, object, declared.type, '', problems);
  return problems;
}

/** Problems of a manifest file's text: every document, prefixed with its kind and name. */
export async function checkKubernetes(text) {
  const { values, errors } = parseYaml(text);
  if (errors.length) return errors;
  if (values.length === 0) return ['no Kubernetes object in the file'];
  const problems = [];
  for (const object of values) {
    const name = `${object?.kind ?? '?'} ${object?.metadata?.name ?? '?'}`;
    for (const p of await checkKubernetesObject(object)) problems.push(`${name}: ${p}`);
  }
  return problems;
}

/** Checks infra/compose.yaml and infra/k8s/*.yaml; returns `{ file, problems }` per file. */
export async function checkAll(root = INFRA) {
  const results = [{ file: join(root, 'compose.yaml'), problems: checkCompose(readFileSync(join(root, 'compose.yaml'), 'utf8')) }];
  const dir = join(root, 'k8s');
  for (const name of readdirSync(dir).filter((n) => /\.ya?ml$/.test(n)).sort()) {
    const file = join(dir, name);
    results.push({ file, problems: await checkKubernetes(readFileSync(file, 'utf8')) });
  }
  return results;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const results = await checkAll(process.argv[2] ? resolve(process.argv[2]) : INFRA);
  let bad = 0;
  for (const { file, problems } of results) {
    const shown = relative(process.cwd(), file);
    if (problems.length === 0) console.log(`ok    ${shown}`);
    else {
      bad++;
      for (const p of problems) console.log(`FAIL  ${shown}: ${p}`);
    }
  }
  process.exitCode = bad ? 1 : 0;
}
