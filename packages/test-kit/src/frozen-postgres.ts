import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const PG_TEMP = fileURLToPath(new URL('../../../scripts/pg-temp.sh', import.meta.url));

export interface ThrowAwayPostgres {
  url(database?: string): string;
  /** Stops every process of the server with SIGSTOP: connections stay open and nothing answers. */
  freeze(): void;
  thaw(): void;
  stop(): void;
}

/**
 * A PostgreSQL server of its own (scripts/pg-temp.sh) that a test can freeze as a
 * hung host would be: sockets open, no answers, no errors.
 */
export function throwAwayPostgres(): ThrowAwayPostgres {
  // A port picked at random may be taken (by another server, or a busy client's socket): try a few.
  let out = '';
  let port = 0;
  for (let attempt = 1; ; attempt++) {
    port = 56000 + Math.floor(Math.random() * 3000);
    try {
      out = execFileSync('bash', [PG_TEMP, 'start', String(port)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
      break;
    } catch (err) {
      if (attempt === 4) throw err;
    }
  }
  const dir = /SPINDLE_PG_DIR=(\S+)/.exec(out)![1]!;
  const postmaster = Number(readFileSync(`${dir}/data/postmaster.pid`, 'utf8').split('\n')[0]);
  const processes = () => {
    const children = readFileSync(`/proc/${postmaster}/task/${postmaster}/children`, 'utf8').split(' ').filter(Boolean).map(Number);
    return [postmaster, ...children];
  };
  const signal = (s: NodeJS.Signals) => {
    for (const pid of processes()) {
      try {
        process.kill(pid, s);
      } catch {
        // a backend that just ended
      }
    }
  };
  return {
    url: (database = 'postgres') => `postgres://postgres@127.0.0.1:${port}/${database}`,
    freeze: () => signal('SIGSTOP'),
    thaw: () => signal('SIGCONT'),
    stop() {
      signal('SIGCONT');
      execFileSync('bash', [PG_TEMP, 'stop', dir]);
    },
  };
}
