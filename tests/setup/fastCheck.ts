/**
 * fast-check runs from a fixed seed, so CI checks the same cases on every run and a red build
 * always means a change broke something. To explore new cases locally:
 *   FC_SEED=random FC_RUNS=5000 npx vitest run tests/engine/assignors
 * and keep any counterexample it prints as an example or a named test.
 */
import fc from 'fast-check';

const seed = process.env['FC_SEED'];
const runs = process.env['FC_RUNS'];

fc.configureGlobal({
  ...(seed === 'random' ? {} : { seed: seed === undefined ? 20_261_202 : Number(seed) }),
  ...(runs === undefined ? {} : { numRuns: Number(runs) }),
});
