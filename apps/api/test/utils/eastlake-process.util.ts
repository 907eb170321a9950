import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

/** One pino JSON line of a child process's stdout. */
export interface LogLine {
  msg: string;
  pid: number;
  versionId?: string;
  [key: string]: unknown;
}

/** An `eastlake` API or `eastlake-worker` process started from `dist/`, with its log lines. */
export interface EastlakeProcess {
  name: string;
  child: ChildProcess;
  /** `http://127.0.0.1:<port>` for an API; undefined for a worker. */
  url?: string;
  lines: LogLine[];
  exited: Promise<number | null>;
}

type Kind = 'api' | 'worker';

/**
 * Starts `node dist/main.js` (an API on a free port) or `node dist/worker.js` with `env`
 * added to this process's environment, and resolves once it is ready: an API when it
 * printed its banner and `/healthz` answers 200, a worker when it says it takes jobs.
 */
export function startEastlake(kind: Kind, name: string, env: Record<string, string>, timeoutMs = 60_000): Promise<EastlakeProcess> {
  const child = spawn(process.execPath, [join(process.cwd(), 'dist', kind === 'api' ? 'main.js' : 'worker.js')], {
    env: { ...process.env, NODE_OPTIONS: '', ...env, ...(kind === 'api' ? { PORT: '0', HOST: '127.0.0.1' } : {}) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const proc: EastlakeProcess = {
    name,
    child,
    lines: [],
    exited: new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? (signal ? -1 : null)))),
  };
  let text = '';
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise<EastlakeProcess>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not start within ${timeoutMs} ms: ${stderr}`)), timeoutMs);
    const ready = () => {
      clearTimeout(timer);
      resolve(proc);
    };
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited with ${code} while starting: ${stderr.trim()}`));
    });
    child.stdout!.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      const parts = text.split('\n');
      text = parts.pop() ?? '';
      for (const line of parts) {
        if (line.startsWith('{')) {
          try {
            proc.lines.push(JSON.parse(line) as LogLine);
          } catch {
            // A line cut by a kill: nothing to learn from it.
          }
          continue;
        }
        const banner = /GraphQL\s+http:\/\/localhost:(\d+)\/graphql/.exec(line);
        if (kind === 'api' && banner && !proc.url) {
          proc.url = `http://127.0.0.1:${banner[1]}`;
          void fetch(`${proc.url}/healthz`).then((res) => (res.status === 200 ? ready() : reject(new Error(`${name} /healthz answered ${res.status}`))), reject);
        }
        if (kind === 'worker' && line.includes('is taking classification jobs')) ready();
      }
    });
  });
}

/** SIGKILLs the process (no shutdown hooks, as a crash or an OOM kill) and waits for it to be gone. */
export async function killHard(proc: EastlakeProcess): Promise<void> {
  if (proc.child.exitCode === null && proc.child.signalCode === null) proc.child.kill('SIGKILL');
  await proc.exited;
}

/** Version ids the worker finished (its `classified` log lines). */
export function classifiedBy(proc: EastlakeProcess): string[] {
  return proc.lines.filter((l) => l.msg === 'classified' && typeof l.versionId === 'string').map((l) => l.versionId!);
}
