/**
 * Peak simulator CLI: parses the flags and runs `startSimulator` (scripts/sim/runner.ts) until the run ends
 * or Ctrl-C. `npx tsx scripts/simulate.ts --help` lists the flags. Examples:
 *
 *   npx tsx scripts/simulate.ts --backfill 8               # post 8 h of today at once, then live
 *   npx tsx scripts/simulate.ts --backfill 6 --speed 60    # watch the last 6 h unfold in ~6 min, then live
 *   npx tsx scripts/simulate.ts --backfill 24 --once       # fill the charts and exit
 *
 * Timestamps are never in the future (the server would reject them beyond 5 minutes): the model only ever
 * runs up to the wall clock. `--speed` therefore compresses the past, not the future: it replays the
 * backfill window faster than real time and drops to real time once it reaches now. The model always starts
 * at the local midnight before the window, so the same seed on the same day yields the same events and ids,
 * and a restart re-posts duplicates (counted, not applied) rather than a second copy of the day.
 */
import { HELP, parseCli } from './sim/options';
import { startSimulator } from './sim/runner';

const parsed = parseCli(process.argv.slice(2), process.env);
if (parsed.kind === 'help') {
  process.stdout.write(HELP);
  process.exit(0);
}
if (parsed.kind === 'error') {
  console.error(`simulate: ${parsed.message}`);
  process.exit(2);
}

const { options, quiet } = parsed;
const sim = startSimulator({
  ...options,
  ...(quiet ? { progressEveryMs: 0 } : {}),
  log: (line) => console.log(line),
  warn: (line) => console.error(`simulate: ${line}`),
});

let interrupted = false;
process.on('SIGINT', () => {
  if (interrupted) process.exit(130);
  interrupted = true;
  console.log('stopping (Ctrl-C again to quit at once)...');
  void sim.stop();
});
process.on('SIGTERM', () => void sim.stop());

sim.done.then(
  () => process.exit(0),
  () => process.exit(1),
);
