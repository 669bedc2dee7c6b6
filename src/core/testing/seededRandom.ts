/**
 * The seeded PRNG (mulberry32, core/runtime) for tests and benchmarks whose random inputs must be
 * replayable from the seed a failure reports.
 */
export { mulberry32 as seededRandom } from '../runtime/mulberry32';
