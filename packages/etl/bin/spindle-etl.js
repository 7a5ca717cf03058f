#!/usr/bin/env node
// Kept in git (the build writes dist/): npm links a workspace's bin at install
// time only when its file exists, and without the link `npx spindle-etl` would ask
// the public registry for a package of that name.
import('../dist/cli/main.js').catch((err) => {
  if (err?.code === 'ERR_MODULE_NOT_FOUND' && String(err.message).includes('dist/cli/main.js')) {
    process.stderr.write('spindle-etl: not built yet: run `npm run build` at the repository root\n');
    process.exit(2);
  }
  throw err;
});
