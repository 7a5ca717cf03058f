// Compiled by `npm run typecheck`: every element in React 19's JSX through the
// typings the package ships (@spindle/widgets/react), and what they refuse.
import type {} from '@spindle/widgets/react';
import { createSpindleClient } from '@spindle/widgets';

const client = createSpindleClient({ baseUrl: 'https://spindle.example', apiKey: 'key' });
const picked: string[] = [];

export const page = (
  <main>
    <spindle-status-board
      machines="2207,5001"
      sort="urgency"
      states="EMERGENCY"
      refresh={30}
      onspindle-select={(e) => picked.push(e.detail.machine)}
    />
    <spindle-fleet client={client} selected="2207" onspindle-select={(e) => picked.push(e.detail.machine)} />
    <spindle-dashboard api-url="/spindle" machine="2207" from="2024-03-25" to="2024-03-31" theme="dark" locale="de-DE" />
    <spindle-utilization machine="2207" by="shift" stale-after={600} onspindle-load={(e) => picked.push(e.detail.from ?? '')} />
    <spindle-state-timeline machine="2207" token="signed.embed.token" />
    <spindle-sensor-stats machine="2207" sensor="TEMPERATURA_BASE" bucket="hour" />
    <spindle-programs machine="2207" onspindle-error={(e) => picked.push(e.detail.message)} />
    <spindle-energy machine="2207" bucket="day" />
    <spindle-alerts machine="2207" category="error" onspindle-select={(e) => picked.push(e.detail.alert?.code ?? '')} />
    <spindle-downtime machine="2207" category="emergency" onspindle-stream={(e) => picked.push(e.detail.delivery)} />
    {/* @ts-expect-error `by` is `day` or `shift` */}
    <spindle-utilization machine="2207" by="week" />
    {/* @ts-expect-error no such attribute */}
    <spindle-energy machne="2207" />
    {/* @ts-expect-error `refresh` is a number of seconds */}
    <spindle-fleet refresh="soon" />
  </main>
);
