// Preloaded into the CLI child by the bench (`node --import ./rusage-hook.mjs cli.js …`): at exit
// it writes the child's own resource usage (CPU time, peak RSS from getrusage) to file
// descriptor 3, so the CLI itself carries no benchmark code.
import { writeSync } from 'node:fs';
import { isMainThread } from 'node:worker_threads';

// Worker threads inherit the preload: only the main thread reports (resourceUsage is per process).
if (isMainThread)
  process.on('exit', () => {
    const u = process.resourceUsage();
    try {
      writeSync(
        3,
        JSON.stringify({ userUs: u.userCPUTime, sysUs: u.systemCPUTime, maxRssKb: u.maxRSS }),
      );
    } catch {
      /* fd 3 not open: not run by the bench */
    }
  });
