// The API's module boundaries, checked over dependency-cruiser's output:
//  (a) no value import of another module's `*.entity.ts` (a type-only import is allowed:
//      an owner's entity type is part of its exported service API);
//  (b) no import cycle between modules (the module graph, not only file-level cycles);
//  (c) raw SQL in a module names no table another module owns;
//  (d) every entity is registered with TypeOrmModule.forFeature in its own module, and only there.
// A module is src/modules/<name>, src/common/<name>, src/config or src/database.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/** The module a source path (relative to the app root, e.g. `src/modules/x/y.ts`) belongs to. */
export function moduleOf(path) {
  const p = path.replace(/\\/g, '/');
  let m = /^src\/modules\/([^/]+)\//.exec(p);
  if (m) return `modules/${m[1]}`;
  m = /^src\/common\/([^/]+)\//.exec(p);
  if (m) return `common/${m[1]}`;
  if (p.startsWith('src/config/')) return 'config';
  if (p.startsWith('src/database/')) return 'database';
  return null; // the composition root (app.module.ts, main.ts, worker.ts …) and anything outside src
}

const isTypeOnly = (dep) => dep.dependencyTypes.includes('type-only');
// The schema layer (entity registry, migrations, seeds): the DataSource needs every entity class,
// so src/database may import them all; the cycle rule still sees it (no module may import it back).
const REGISTRY = /^src\/database\//;

/** (a) cross-module value imports of an entity file. */
export function entityImportViolations(cruise) {
  const out = [];
  for (const mod of cruise.modules) {
    const from = moduleOf(mod.source);
    if (!from || REGISTRY.test(mod.source)) continue;
    for (const dep of mod.dependencies) {
      if (!/\.entity\.ts$/.test(dep.resolved) || isTypeOnly(dep)) continue;
      const owner = moduleOf(dep.resolved);
      if (owner && owner !== from) out.push({ rule: 'no-foreign-entity-value-import', from: mod.source, to: dep.resolved });
    }
  }
  return out;
}

/**
 * The module graph: module → set of modules it imports at run time. A type-only import is
 * left out, as in rule (a): an owner's entity and model types are part of its exported API
 * (the caller's module depends on the owner already), and they vanish from the emitted code,
 * so they cannot make Nest's or ESM's load order circular.
 */
export function moduleGraph(cruise) {
  const graph = new Map();
  const edges = new Map(); // "a→b" → one file-level example
  for (const mod of cruise.modules) {
    const from = moduleOf(mod.source);
    if (!from) continue;
    if (!graph.has(from)) graph.set(from, new Set());
    for (const dep of mod.dependencies) {
      if (isTypeOnly(dep)) continue;
      const to = dep.resolved ? moduleOf(dep.resolved) : null;
      if (!to || to === from) continue;
      graph.get(from).add(to);
      const key = `${from}→${to}`;
      if (!edges.has(key)) edges.set(key, `${mod.source} → ${dep.resolved}`);
    }
  }
  return { graph, edges };
}

/** (b) every strongly connected component of more than one module is a cycle. */
export function moduleCycleViolations(cruise) {
  const { graph, edges } = moduleGraph(cruise);
  const nodes = [...new Set([...graph.keys(), ...[...graph.values()].flatMap((s) => [...s])])];
  let index = 0;
  const idx = new Map(), low = new Map(), onStack = new Set(), stack = [], sccs = [];
  const strong = (v) => {
    idx.set(v, index); low.set(v, index); index += 1; stack.push(v); onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!idx.has(w)) { strong(w); low.set(v, Math.min(low.get(v), low.get(w))); }
      else if (onStack.has(w)) low.set(v, Math.min(low.get(v), idx.get(w)));
    }
    if (low.get(v) === idx.get(v)) {
      const scc = [];
      let w;
      do { w = stack.pop(); onStack.delete(w); scc.push(w); } while (w !== v);
      if (scc.length > 1) sccs.push(scc.sort());
    }
  };
  for (const n of nodes.sort()) if (!idx.has(n)) strong(n);
  return sccs.map((scc) => {
    const inside = new Set(scc);
    const arrows = [];
    for (const a of scc) for (const b of graph.get(a) ?? []) if (inside.has(b)) arrows.push(`${a} → ${b} (${edges.get(`${a}→${b}`)})`);
    return { rule: 'no-module-cycle', modules: scc, arrows };
  });
}

const listTs = (dir) => readdirSync(dir).flatMap((name) => {
  const p = join(dir, name);
  if (statSync(p).isDirectory()) return name === 'node_modules' || name === 'dist' ? [] : listTs(p);
  return /\.ts$/.test(name) && !/\.spec\.ts$/.test(name) ? [p] : [];
});

/** Table → owning module: each entity's @Entity name, plus `extraTables` (tables created by migrations only). */
export function tableOwners(root, extraTables = {}) {
  const owners = new Map(Object.entries(extraTables));
  for (const file of listTs(join(root, 'src'))) {
    if (!/\.entity\.ts$/.test(file)) continue;
    const rel = relative(root, file);
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/@Entity\(\s*(?:\{\s*name:\s*)?['"]([a-z0-9_]+)['"]/g)) owners.set(m[1], moduleOf(rel));
  }
  return owners;
}

/** (c) raw SQL naming another module's table (after FROM, JOIN, INTO, UPDATE, TABLE). */
export function rawSqlViolations(root, owners, allowed = []) {
  const out = [];
  const sql = /\b(?:from|join|into|update|table)\s+"?([a-z][a-z0-9_]*)"?/gi;
  for (const file of listTs(join(root, 'src'))) {
    const rel = relative(root, file).replace(/\\/g, '/');
    const mod = moduleOf(rel);
    if (!mod || mod === 'database') continue; // migrations create every table
    const text = readFileSync(file, 'utf8');
    // only text inside string and template literals can be SQL
    for (const lit of text.matchAll(/`(?:[^`\\]|\\.)*`|'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"/g)) {
      for (const m of lit[0].matchAll(sql)) {
        const table = m[1].toLowerCase();
        const owner = owners.get(table);
        if (!owner || owner === mod) continue;
        if (allowed.some((a) => a.module === mod && a.tables.includes(table))) continue;
        const line = text.slice(0, lit.index + m.index).split('\n').length;
        out.push({ rule: 'no-foreign-table-sql', from: `${rel}:${line}`, to: `${table} (owned by ${owner})` });
      }
    }
  }
  return out;
}

/**
 * (d) every entity is registered with `TypeOrmModule.forFeature([...])` in a `*.module.ts`
 * of its own module folder, and in no other module's.
 */
export function featureRegistrationViolations(root) {
  const entities = []; // { name, module, file }
  const registered = new Map(); // entity name → modules registering it
  for (const file of listTs(join(root, 'src'))) {
    const rel = relative(root, file).replace(/\\/g, '/');
    const mod = moduleOf(rel);
    if (!mod || !mod.startsWith('modules/')) continue;
    const text = readFileSync(file, 'utf8');
    if (/\.entity\.ts$/.test(rel)) {
      for (const m of text.matchAll(/@Entity\([^)]*\)\s*export class (\w+)/g)) entities.push({ name: m[1], module: mod, file: rel });
    }
    if (/\.module\.ts$/.test(rel)) {
      for (const m of text.matchAll(/TypeOrmModule\.forFeature\(\[([^\]]*)\]/g)) {
        for (const name of m[1].split(',').map((n) => n.trim()).filter(Boolean)) registered.set(name, [...(registered.get(name) ?? []), mod]);
      }
    }
  }
  const out = [];
  for (const e of entities) {
    const by = registered.get(e.name) ?? [];
    if (!by.includes(e.module)) out.push({ rule: 'entity-registered-by-owner', from: e.file, to: `${e.name} not in a TypeOrmModule.forFeature of ${e.module}` });
    for (const other of new Set(by.filter((m) => m !== e.module))) out.push({ rule: 'entity-registered-by-owner', from: other, to: `${e.name} (owned by ${e.module})` });
  }
  return out;
}
