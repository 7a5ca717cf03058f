import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface CachingProxy {
  /** http://127.0.0.1:PORT of the proxy. */
  base: string;
  stop(): Promise<void>;
}

const NGINX = ['/usr/sbin/nginx', '/usr/bin/nginx'].find((p) => existsSync(p));

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  const { port } = probe.address() as { port: number };
  await new Promise((r) => probe.close(r));
  return port;
}

/**
 * Debian's nginx as a shared cache in front of `upstream`, configured as an
 * integrator copies it from nginx's docs: `proxy_cache` with the default cache
 * key and nothing else, plus `X-Cache` to tell hits from misses. No sane
 * deployment is less careful, and many are exactly this. `passConditionals` adds
 * the two lines the server README recommends: with caching on, nginx drops
 * If-None-Match and If-Modified-Since on their way up, so a private answer it
 * may not keep could never be revalidated.
 */
export async function startCachingProxy(upstream: string, options: { passConditionals?: boolean } = {}): Promise<CachingProxy> {
  if (!NGINX) throw new Error('nginx not found: `apt-get install nginx` (.ci/run installs it)');
  const dir = mkdtempSync(join(tmpdir(), 'spindle-nginx-'));
  // Workers run as nobody when the master is root: they must reach the cache folder.
  chmodSync(dir, 0o777);
  const port = await freePort();
  const conf = join(dir, 'nginx.conf');
  writeFileSync(
    conf,
    `worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log;
events { worker_connections 512; }
http {
  access_log off;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  proxy_cache_path ${dir}/cache keys_zone=spindle:1m;
  server {
    listen 127.0.0.1:${port};
    location / {
      proxy_pass ${upstream};
      proxy_cache spindle;
${options.passConditionals ? '      proxy_set_header If-None-Match $http_if_none_match;\n      proxy_set_header If-Modified-Since $http_if_modified_since;\n' : ''}      add_header X-Cache $upstream_cache_status always;
    }
  }
}
`,
  );
  execFileSync(NGINX, ['-t', '-p', dir, '-c', conf], { stdio: 'pipe' });
  const child: ChildProcess = spawn(NGINX, ['-p', dir, '-c', conf, '-g', 'daemon off;'], { stdio: 'ignore' });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    try {
      await fetch(`${base}/healthz`);
      break;
    } catch (err) {
      if (i > 100 || child.exitCode !== null) {
        const log = existsSync(`${dir}/error.log`) ? readFileSync(`${dir}/error.log`, 'utf8') : '';
        throw new Error(`nginx did not start: ${(err as Error).message}\n${log}`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  return {
    base,
    async stop() {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
