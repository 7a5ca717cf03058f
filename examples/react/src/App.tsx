// The elements' types in JSX, as the package ships them.
import type {} from '@spindle/widgets/react';
import { useMemo, useState } from 'react';
import { createSpindleClient } from '@spindle/widgets';

/** A React page of a portal: the fleet, and the machine picked in it, from one client with the portal's API key. */
export function App({ apiUrl, apiKey }: { apiUrl: string; apiKey?: string }) {
  const client = useMemo(() => createSpindleClient({ baseUrl: apiUrl, apiKey }), [apiUrl, apiKey]);
  const [machine, setMachine] = useState<string | undefined>();
  return (
    <main>
      <h1>Plant overview</h1>
      <spindle-fleet client={client} selected={machine} onspindle-select={(e) => setMachine(e.detail.machine)} />
      {machine ? (
        <section aria-label={`Machine ${machine}`}>
          <spindle-utilization key={`u-${machine}`} client={client} machine={machine} />
          <spindle-state-timeline key={`t-${machine}`} client={client} machine={machine} />
        </section>
      ) : (
        <p id="hint">Pick a machine above.</p>
      )}
    </main>
  );
}
