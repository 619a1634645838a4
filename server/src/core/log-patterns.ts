// LogAnalyzer (issue 16 item 3): error and warning messages reduced to templates
// (Drain-style: variable tokens masked, then lines of the same length and first token
// merged when most of their tokens agree, the differing ones becoming `<*>`), each with
// its count, first release seen and daily trend; and spikes against the pattern's own
// baseline, the same window on each previous day. Bounded: at most `maxPatterns`
// templates; lines that fit none once that many exist are counted as `overflow`. Pure.
// Drain: He et al., "Drain: An Online Log Parsing Approach with Fixed Depth Tree", ICWS 2017.

export interface LogSample {
  t: number;
  message: string;
  release: string;
}

export interface MinerOptions {
  /** Templates kept at most (default 200). */
  maxPatterns?: number;
  /** Share of tokens that must agree to join a template (default 0.5, Drain's). */
  similarity?: number;
  /** Tokens of a message looked at (default 48): longer ones are cut. */
  maxTokens?: number;
}

export interface Pattern {
  /** Its index, in the order templates were made. */
  id: number;
  template: string;
  count: number;
  firstSeen: number;
  lastSeen: number;
  /** The release of its earliest line ('' when that line's batch named none). */
  firstRelease: string;
}

const WILD = '<*>';
/** A token that is a value, not a word: digits anywhere, hex ids, quoted text, URLs, emails, paths. */
const VARIABLE = [
  /\d/,
  /^[0-9a-f]{8,}$/i,
  /^["'`].*["'`]?$/,
  /^[a-z][\w+.-]*:\/\//i,
  /@/,
  /^\/.+\//,
  /^\[(?:email|number|jwt|redacted|token)\]$/,
];

/** `Failed to process video 77 for "Ann"` → `Failed to process video <*> for <*>`, as tokens. */
export function maskTokens(message: string, maxTokens = 48): string[] {
  return message
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, maxTokens)
    .map((token) => {
      // Trailing punctuation apart: `1234:` and `1234,` are values too.
      const core = token.replace(/[,:;.)!?]+$/, '');
      return core && VARIABLE.some((re) => re.test(core)) ? WILD + token.slice(core.length) : token;
    });
}

interface Group {
  tokens: string[];
  pattern: Pattern;
}

export interface Miner {
  /** Adds a line; returns its template's id, or -1 when it fit none and no more may be made. */
  add(sample: LogSample): number;
  /** Templates, most lines first (then oldest first). */
  patterns(): Pattern[];
  /** Lines that fit no template once `maxPatterns` existed. */
  overflow(): number;
}

export function createMiner(options: MinerOptions = {}): Miner {
  const max = options.maxPatterns ?? 200;
  const similarity = options.similarity ?? 0.5;
  // Drain's fixed-depth tree: length, then first token (a wildcard first token has its own branch).
  const groups = new Map<string, Group[]>();
  let size = 0;
  let overflow = 0;
  const similar = (a: string[], b: string[]) => {
    let same = 0;
    for (let i = 0; i < a.length; i++) if (a[i] === b[i] || a[i] === WILD) same++;
    return same / a.length;
  };
  return {
    add(sample) {
      const tokens = maskTokens(sample.message, options.maxTokens);
      const key = `${tokens.length}\u0000${tokens[0] ?? ''}`;
      const leaf = groups.get(key) ?? [];
      let best: Group | undefined;
      let bestScore = -1;
      for (const g of leaf) {
        const score = similar(g.tokens, tokens);
        if (score >= similarity && score > bestScore) [best, bestScore] = [g, score];
      }
      if (!best) {
        if (size >= max) {
          overflow++;
          return -1;
        }
        const pattern = {
          id: size,
          template: '',
          count: 0,
          firstSeen: sample.t,
          lastSeen: sample.t,
          firstRelease: sample.release,
        };
        best = { tokens, pattern };
        leaf.push(best);
        groups.set(key, leaf);
        size++;
      }
      best.tokens = best.tokens.map((tok, i) => (tok === tokens[i] ? tok : WILD));
      const p = best.pattern;
      p.template = best.tokens.join(' ');
      p.count++;
      if (sample.t < p.firstSeen) [p.firstSeen, p.firstRelease] = [sample.t, sample.release];
      p.lastSeen = Math.max(p.lastSeen, sample.t);
      return p.id;
    },
    patterns() {
      const all = [...groups.values()].flat().map((g) => ({ ...g.pattern, template: g.tokens.join(' ') }));
      return all.sort((a, b) => b.count - a.count || a.firstSeen - b.firstSeen);
    },
    overflow: () => overflow,
  };
}

export interface SpikeOptions {
  /** A window needs at least this many lines of a pattern to be a spike (default 10): 1 → 3 is not one. */
  minCount?: number;
  /** …and at least this multiple of the pattern's baseline (default 3). */
  factor?: number;
}

export interface PatternTrend extends Pattern {
  /** Lines in the window. */
  count: number;
  /** Lines in the same window on each previous day, the oldest first, then the window's own count. */
  trend: number[];
  /** The mean of the previous days' counts. */
  baseline: number;
  spike: boolean;
}

export interface PatternReport {
  patterns: PatternTrend[];
  /** Lines that fit no template once the miner's bound was reached. */
  overflow: number;
}

/** `count` is a spike against `baseline` (the same window's mean over the previous days). */
export function isSpike(count: number, baseline: number, options: SpikeOptions = {}): boolean {
  return count >= (options.minCount ?? 10) && count >= (options.factor ?? 3) * baseline;
}

/**
 * Mines `windows` together (so one template spans them): `windows[0]` is the window asked
 * about, `windows[d]` the same window d days before. Patterns seen in the window, spikes
 * first, then most lines.
 */
export function analysePatterns(
  windows: LogSample[][],
  options: MinerOptions & SpikeOptions = {},
): PatternReport {
  const miner = createMiner(options);
  const counts = windows.map(() => new Map<number, number>());
  windows.forEach((samples, w) => {
    for (const sample of samples) {
      const id = miner.add(sample);
      if (id >= 0) counts[w].set(id, (counts[w].get(id) ?? 0) + 1);
    }
  });
  const days = windows.length - 1;
  const patterns = miner
    .patterns()
    .filter((p) => counts[0].has(p.id))
    .map((p): PatternTrend => {
      const trend = counts.map((c) => c.get(p.id) ?? 0).reverse();
      const count = trend[days];
      const baseline = days ? trend.slice(0, days).reduce((a, b) => a + b, 0) / days : 0;
      return { ...p, count, trend, baseline, spike: isSpike(count, baseline, options) };
    })
    .sort((a, b) => Number(b.spike) - Number(a.spike) || b.count - a.count || a.id - b.id);
  return { patterns, overflow: miner.overflow() };
}
