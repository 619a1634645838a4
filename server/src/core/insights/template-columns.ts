// Which columns a SQL template filters, joins and sorts on, by table: enough to
// name an index, not a parser. A single pass over tokens; each parenthesised
// SELECT is its own scope, so an unqualified column belongs to the only table of
// its scope. Pure.

/** One table of a template, under the name its plan uses (its alias, if any). */
export interface TableUse {
  table: string;
  /** `col = ?`, `col IN (?)`, `col IS ?`. */
  equal: string[];
  /** `<`, `>`, `BETWEEN`, `LIKE`. */
  range: string[];
  /** `a.x = b.y` in ON or WHERE. */
  join: string[];
  /** ORDER BY, in order (GROUP BY when there is no ORDER BY). */
  order: string[];
}

const KEYWORDS = new Set(
  `SELECT FROM WHERE JOIN INNER LEFT RIGHT FULL OUTER CROSS NATURAL ON USING AND OR NOT IN IS NULL LIKE GLOB
  BETWEEN ORDER GROUP BY HAVING LIMIT OFFSET AS ASC DESC UNION ALL EXCEPT INTERSECT SET VALUES UPDATE DELETE
  INSERT INTO REPLACE WITH RETURNING DISTINCT CASE WHEN THEN ELSE END EXISTS COLLATE ESCAPE OVER PARTITION
  WINDOW FILTER INDEXED`.split(/\s+/),
);
const TOKEN = /"(?:[^"]|"")*"|`[^`]*`|\[[^\]]*\]|[A-Za-z_][\w$]*|\?|<=|>=|<>|!=|==|[=<>(),.*]|\S/g;
const RANGE_OPS = new Set(['<', '>', '<=', '>=', 'BETWEEN', 'LIKE', 'GLOB']);
const EQ_OPS = new Set(['=', '==', 'IN', 'IS']);

const unquote = (t: string) => (/^["`[]/.test(t) ? t.slice(1, -1) : t);
const isName = (t: string | undefined) =>
  !!t && (/^["`[]/.test(t) || (/^[A-Za-z_]/.test(t) && !KEYWORDS.has(t.toUpperCase())));

type Clause = 'where' | 'on' | 'order' | 'group' | 'other';
interface Scope {
  depth: number;
  names: Map<string, TableUse>;
}

const CLAUSES: Record<string, Clause> = {
  WHERE: 'where',
  ON: 'on',
  BY: 'order',
  LIMIT: 'other',
  HAVING: 'other',
  SET: 'other',
  SELECT: 'other',
  RETURNING: 'other',
  VALUES: 'other',
  UNION: 'other',
};

/** How a column reference (tokens start..end) is compared: equal to a value, joined to a column, a range. */
function predicateKind(tokens: string[], up: string[], start: number, end: number): string | undefined {
  const op = up[end + 1] === 'NOT' ? up[end + 2] : up[end + 1];
  if (EQ_OPS.has(op)) return isName(tokens[end + (up[end + 1] === 'NOT' ? 3 : 2)]) ? 'join' : 'equal';
  if (RANGE_OPS.has(op)) return 'range';
  const before = up[start - 1];
  if (EQ_OPS.has(before)) return isName(tokens[start - 2]) ? 'join' : 'equal';
  if (RANGE_OPS.has(before)) return 'range';
  return undefined;
}

const push = (list: string[], col: string) => {
  if (!list.includes(col)) list.push(col);
};

/** Each table a template reads or writes, keyed by the name its query plan shows (alias or table). */
export function templateColumns(template: string): Map<string, TableUse> {
  const tokens = template.match(TOKEN) ?? [];
  const up = tokens.map((t) => t.toUpperCase());
  const all = new Map<string, TableUse>();
  const scopes: Scope[] = [{ depth: 0, names: new Map() }];
  let depth = 0;
  let clause: Clause = 'other';
  let expectTable = false;
  // Column references seen in a predicate, resolved once every table of the scope is known.
  const refs: { scope: Scope; qualifier?: string; col: string; kind: string }[] = [];
  const scope = () => scopes[scopes.length - 1];

  let fromDepth = -1; // the depth of the FROM list being read, -1 when none
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    const u = up[i];
    if (t === '(') {
      depth++;
      if (up[i + 1] === 'SELECT' || up[i + 1] === 'WITH') scopes.push({ depth, names: new Map() });
      continue;
    }
    if (t === ')') {
      if (scope().depth === depth && scopes.length > 1) scopes.pop();
      if (fromDepth === depth) fromDepth = -1;
      depth--;
      continue;
    }
    if (u === 'FROM' || u === 'JOIN' || u === 'UPDATE' || u === 'INTO') {
      expectTable = true;
      clause = 'other';
      fromDepth = u === 'FROM' ? depth : fromDepth;
      continue;
    }
    if (t === ',' && fromDepth === depth) {
      expectTable = true; // `FROM a, b`
      continue;
    }
    if (expectTable && isName(t)) {
      let table = unquote(t);
      if (tokens[i + 1] === '.' && isName(tokens[i + 2])) table = unquote(tokens[(i += 2)]);
      let alias = table;
      if (up[i + 1] === 'AS' && isName(tokens[i + 2])) alias = unquote(tokens[(i += 2)]);
      else if (isName(tokens[i + 1])) alias = unquote(tokens[++i]);
      const use: TableUse = { table, equal: [], range: [], join: [], order: [] };
      scope().names.set(alias.toLowerCase(), use);
      if (!all.has(alias)) all.set(alias, use);
      expectTable = false;
      continue;
    }
    expectTable = false;
    if (CLAUSES[u] && (u !== 'BY' || up[i - 1] === 'ORDER' || up[i - 1] === 'GROUP')) {
      clause = u === 'BY' ? (up[i - 1] === 'ORDER' ? 'order' : 'group') : CLAUSES[u];
      if (fromDepth === depth) fromDepth = -1;
    } else if (clause !== 'other' && isName(t) && tokens[i + 1] !== '(') {
      const start = i;
      let qualifier: string | undefined;
      let col = unquote(t);
      if (tokens[i + 1] === '.' && isName(tokens[i + 2])) {
        qualifier = col.toLowerCase();
        col = unquote(tokens[(i += 2)]);
      }
      const kind = clause === 'order' || clause === 'group' ? clause : predicateKind(tokens, up, start, i);
      if (kind) refs.push({ scope: scope(), qualifier, col, kind });
    }
  }
  for (const r of refs) {
    const names = r.scope.names;
    const use = r.qualifier ? names.get(r.qualifier) : names.size === 1 ? [...names.values()][0] : undefined;
    if (!use) continue;
    if (r.kind === 'equal') push(use.equal, r.col);
    else if (r.kind === 'range') push(use.range, r.col);
    else if (r.kind === 'join') push(use.join, r.col);
    else if (r.kind === 'order') push(use.order, r.col);
    else if (r.kind === 'group' && !refs.some((x) => x.kind === 'order')) push(use.order, r.col);
  }
  return all;
}
