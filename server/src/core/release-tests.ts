// Significance tests for comparing two releases from what the store keeps of them:
// sketch bins (a rank test on the binned values) and counts (Fisher's exact test or a
// z-test on proportions, a conditional binomial test on rates). Pure; p-values are two-sided.
import type { Sketch } from '../../../shared/sketch';

/**
 * erfc with a fractional error under 1.2e-7 everywhere, far tails included (Numerical
 * Recipes' Chebyshev fit), so a tiny p is right to its digits.
 */
function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const c = [
    -1.26551223, 1.00002368, 0.37409196, 0.09678418, -0.18628806, 0.27886807, -1.13520398, 1.48851587,
    -0.82215223, 0.17087277,
  ];
  let poly = 0;
  for (let i = c.length - 1; i > 0; i--) poly = t * (c[i] + poly);
  const r = t * Math.exp(-z * z + c[0] + poly);
  return x >= 0 ? r : 2 - r;
}

/** The standard normal CDF. */
export const normalCdf = (z: number) => erfc(-z / Math.SQRT2) / 2;

// From the lower tail, which keeps its precision where 1 − CDF would round to 0.
const twoSided = (z: number) => (Number.isFinite(z) ? 2 * normalCdf(-Math.abs(z)) : 1);

/**
 * Mann-Whitney U of `current` against `base` from their bins: values in one bin are
 * ties (a bin spans 2 %, finer than any threshold here). z > 0: `current` tends higher.
 * Normal approximation with the tie correction; z 0 and p 1 when there is no spread.
 * https://en.wikipedia.org/wiki/Mann%E2%80%93Whitney_U_test#Normal_approximation_and_tie_correction
 */
export function mannWhitney(base: Sketch, current: Sketch): { u: number; z: number; p: number } {
  const bins = [...new Set([...base.keys(), ...current.keys()])].sort((a, b) => a - b);
  let below = 0; // base values in lower bins
  let u = 0;
  let ties = 0;
  let n1 = 0;
  let n2 = 0;
  for (const bin of bins) {
    const a = base.get(bin) ?? 0;
    const b = current.get(bin) ?? 0;
    u += b * (below + a / 2);
    below += a;
    n1 += a;
    n2 += b;
    const t = a + b;
    ties += t * t * t - t;
  }
  const n = n1 + n2;
  const variance = n > 1 ? ((n1 * n2) / 12) * (n + 1 - ties / (n * (n - 1))) : 0;
  if (variance <= 0) return { u, z: 0, p: 1 };
  const z = (u - (n1 * n2) / 2) / Math.sqrt(variance);
  return { u, z, p: twoSided(z) };
}

/**
 * Up to this many events (errors, 5xx) the rate tests are exact: the normal approximation
 * is poor for a handful (0 against 2 came out significant); past it, it is good and cheaper.
 */
export const EXACT_EVENTS = 1_000;

const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];
/** ln Γ(x) for x ≥ 1 (Lanczos, g = 7): about 15 significant digits. */
function lnGamma(x: number): number {
  const y = x - 1;
  let a = LANCZOS[0];
  for (let i = 1; i < LANCZOS.length; i++) a += LANCZOS[i] / (y + i);
  const t = y + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (y + 0.5) * Math.log(t) - t + Math.log(a);
}
const lnChoose = (n: number, k: number) => lnGamma(n + 1) - lnGamma(k + 1) - lnGamma(n - k + 1);

/**
 * Two-sided exact p: the total probability of the outcomes in [lo, hi] no likelier than
 * the observed one (as R's binom.test and fisher.test, with their 1e-7 relative tolerance).
 */
function exactP(lnP: (k: number) => number, lo: number, hi: number, observed: number): number {
  const limit = lnP(observed) + 1e-7;
  let p = 0;
  for (let k = lo; k <= hi; k++) {
    const l = lnP(k);
    if (l <= limit) p += Math.exp(l);
  }
  return Math.min(1, p);
}

/**
 * Two proportions, x2/n2 against x1/n1, for a share such as requests answered 5xx:
 * Fisher's exact test up to EXACT_EVENTS failures, else the pooled z-test. z (the
 * pooled z) > 0: the second is higher.
 */
export function twoProportions(x1: number, n1: number, x2: number, n2: number): { z: number; p: number } {
  const k = x1 + x2;
  const pooled = k / (n1 + n2);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
  if (!(se > 0)) return { z: 0, p: 1 };
  const z = (x2 / n2 - x1 / n1) / se;
  if (k > EXACT_EVENTS) return { z, p: twoSided(z) };
  const total = lnChoose(n1 + n2, k);
  const p = exactP(
    (a) => lnChoose(n1, a) + lnChoose(n2, k - a) - total,
    Math.max(0, k - n2),
    Math.min(k, n1),
    x1,
  );
  return { z, p };
}

/**
 * Two Poisson rates (events per exposure, such as JS errors per page view, which may
 * exceed one): given x1 + x2 events, x2 is binomial with p = n2 / (n1 + n2) when the
 * rates are equal. Exact up to EXACT_EVENTS events, else its normal approximation.
 * z > 0: the second rate is higher.
 */
export function twoRates(x1: number, n1: number, x2: number, n2: number): { z: number; p: number } {
  const total = x1 + x2;
  const share = n2 / (n1 + n2);
  const se = Math.sqrt(total * share * (1 - share));
  if (!(se > 0)) return { z: 0, p: 1 };
  const z = (x2 - total * share) / se;
  if (total > EXACT_EVENTS) return { z, p: twoSided(z) };
  const [ln1, ln2] = [Math.log(1 - share), Math.log(share)];
  return { z, p: exactP((k) => lnChoose(total, k) + k * ln2 + (total - k) * ln1, 0, total, x2) };
}
