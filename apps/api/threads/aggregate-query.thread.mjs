// Runs aggregate queries for the API in a worker thread of their own: DuckDB (native, its own
// memory limit and threads) off the API's event loop. One in-memory DuckDB per query, which sees
// exactly one file: the version's, as the view `data`. After the view and the revoked subject keys
// are set up, file and network access is switched off and the configuration locked, so the query
// itself can read, write, attach or install nothing else. The SQL and its parameters come from the
// API's planner (never from a user); this file only executes them.
// Plain JavaScript so the same file serves the TypeScript sources (tests) and dist.
import { clearTimeout, setTimeout } from 'node:timers';
import { parentPort } from 'node:worker_threads';
import { DuckDBInstance } from '@duckdb/node-api';

/** A DuckDB string literal: single quotes doubled (standard SQL; DuckDB has no backslash escapes). */
const literal = (s) => `'${String(s).replaceAll("'", "''")}'`;

async function run(job) {
  const started = Date.now();
  const instance = await DuckDBInstance.create(':memory:', {
    memory_limit: `${job.memoryLimitMb}MB`,
    threads: String(job.threads),
    autoinstall_known_extensions: 'false',
    autoload_known_extensions: 'false',
    // No spilling to disk: a query past its memory limit fails cleanly instead.
    temp_directory: '',
  });
  const connection = await instance.connect();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    connection.interrupt();
  }, job.timeoutMs);
  try {
    await connection.run(job.viewSql);
    await connection.run('CREATE TABLE revoked (k VARCHAR PRIMARY KEY)');
    if (job.revokedKeys.length) {
      const appender = await connection.createAppender('revoked');
      for (const key of job.revokedKeys) {
        appender.appendVarchar(key);
        appender.endRow();
      }
      appender.closeSync();
    }
    await connection.run(`SET allowed_paths = [${literal(job.path)}]`);
    await connection.run('SET enable_external_access = false');
    await connection.run('SET lock_configuration = true');
    const result = await connection.runAndReadAll(job.sql, job.params);
    return { columns: result.columnNames(), rows: result.getRowsJson(), ms: Date.now() - started };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (timedOut) throw Object.assign(new Error(`the query ran past its ${job.timeoutMs} ms limit`), { code: 'TIMEOUT' });
    if (/out of memory|memory limit/i.test(message)) throw Object.assign(new Error(`the query needs more than its ${job.memoryLimitMb} MB memory limit`), { code: 'MEMORY' });
    throw Object.assign(new Error(message), { code: 'ENGINE' });
  } finally {
    clearTimeout(timer);
    connection.closeSync();
    instance.closeSync();
  }
}

parentPort.on('message', (message) => {
  run(message.job).then(
    (result) => parentPort.postMessage({ id: message.id, ok: true, result }),
    (error) => parentPort.postMessage({ id: message.id, ok: false, code: error.code ?? 'ENGINE', message: error.message }),
  );
});
