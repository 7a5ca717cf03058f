import autocannon from 'autocannon';
const paths = [
  '/api/v1/machines/2207/utilization?from=2025-02-01&to=2025-02-07',
  '/api/v1/machines/2207/utilization?from=2025-02-01&to=2025-02-07&by=shift',
  '/api/v1/machines/2207/states?from=2025-02-03&to=2025-02-03',
  '/api/v1/machines/2207/energy?from=2025-02-03&to=2025-02-03',
  '/api/v1/machines/2207/energy?from=2025-01-05&to=2025-02-03&bucket=day',
  '/api/v1/machines/2207/sensor-stats?sensor=TEMPERATURA_BASE&from=2025-02-03&to=2025-02-03',
  '/api/v1/machines/2207/programs?from=2025-02-01&to=2025-02-07',
  '/api/v1/machines/2207/alerts/daily?from=2025-01-05&to=2025-02-03',
  '/api/v1/machines/2207/alerts?from=2025-01-05&to=2025-02-03&limit=50',
  '/api/v1/fleet/utilization?from=2025-02-01&to=2025-02-07',
];
let i = 0;
const r = await autocannon({ url: 'http://127.0.0.1:18555', connections: 32, duration: Number(process.argv[2] ?? 8), requests: [{ setupRequest: (q) => ({ ...q, path: paths[i++ % paths.length] }) }] });
console.log(r.requests.average, 'req/s p99', r.latency.p99, 'non2xx', r.non2xx);
