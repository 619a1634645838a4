// Index suggestions from SQLite's EXPLAIN QUERY PLAN (the rows' `detail` lines,
// as the server SDK ships them for a slow template) and the template's columns.
// A full SCAN of a table the query filters, joins or sorts on names the index that
// would let SQLite SEARCH it instead; a temp B-tree for ORDER BY on a one-table
// query names the index that also keeps the order. Pure.
// https://www.sqlite.org/eqp.html
import { templateColumns, type TableUse } from './template-columns';

export interface PlanStep {
  kind: 'scan' | 'search' | 'sort' | 'other';
  /** The table's name in the query (its alias, when it has one). */
  table?: string;
  /** The index a SCAN or SEARCH uses. */
  index?: string;
  /** SEARCH through an index SQLite builds for each run (`AUTOMATIC … INDEX (a=?)`): its columns. */
  automatic?: string[];
}

export interface IndexSuggestion {
  /** The table the index is for (the real name, not an alias). */
  table: string;
  columns: string[];
  statement: string;
  /** The plan line it answers, e.g. `SCAN submissions`. */
  because: string;
}

/** Longest index a suggestion names: the equality columns first, then the order or a range. */
const MAX_COLUMNS = 4;

/** `SCAN t`, `SCAN t USING COVERING INDEX i`, `SEARCH t USING INDEX i (a=?)`, `USE TEMP B-TREE FOR ORDER BY`. */
export function parsePlan(details: readonly string[]): PlanStep[] {
  return details.map((line) => {
    const d = line.trim();
    const m =
      /^(SCAN|SEARCH)(?: TABLE)? ("[^"]+"|\S+)(?: AS (\S+))?(?: USING (?:COVERING |AUTOMATIC (?:PARTIAL )?COVERING )?INDEX ("[^"]+"|\S+)| USING (?:INTEGER )?PRIMARY KEY)?/.exec(
        d,
      );
    // A virtual table (json_each, FTS) has no index to add.
    if (m && m[2] !== 'CONSTANT' && m[2] !== 'SUBQUERY' && !d.includes(' VIRTUAL TABLE')) {
      const table = (m[3] ?? m[2]).replace(/^"|"$/g, '');
      const auto = / USING AUTOMATIC (?:PARTIAL )?COVERING INDEX \((.+)\)/.exec(d);
      if (auto)
        return { kind: 'search', table, automatic: auto[1].split(' AND ').map((c) => c.split(/[=<>]/)[0]) };
      const index = m[4] ?? (/USING (?:INTEGER )?PRIMARY KEY/.test(d) ? 'PRIMARY KEY' : undefined);
      return {
        kind: m[1] === 'SCAN' ? 'scan' : 'search',
        table,
        ...(index ? { index: index.replace(/^"|"$/g, '') } : {}),
      };
    }
    if (/^USE TEMP B-TREE FOR (?:RIGHT PART OF |LAST TERMS? OF )?ORDER BY/.test(d)) return { kind: 'sort' };
    return { kind: 'other' };
  });
}

const ident = (name: string) => (/^[A-Za-z_][\w$]*$/.test(name) ? name : `"${name.replace(/"/g, '""')}"`);

function suggestion(use: TableUse, columns: string[], because: string): IndexSuggestion {
  const cols = columns.slice(0, MAX_COLUMNS);
  const name = `idx_${[use.table, ...cols].join('_').replace(/\W+/g, '_')}`.toLowerCase();
  return {
    table: use.table,
    columns: cols,
    statement: `CREATE INDEX ${ident(name)} ON ${ident(use.table)}(${cols.map(ident).join(', ')})`,
    because,
  };
}

/** Equality columns first (or the join columns when there are none), then the sort, else one range. */
function indexColumns(use: TableUse, sorted: boolean): string[] {
  const lead = use.equal.length ? use.equal : use.join.slice(0, 1);
  const rest = sorted && use.order.length ? use.order : use.range.slice(0, 1);
  return [...lead, ...rest.filter((c) => !lead.includes(c))];
}

/**
 * The indexes a template's plan asks for: none when every table it filters is
 * searched through an index. `details` are EXPLAIN QUERY PLAN's detail lines.
 */
export function suggestIndexes(template: string, details: readonly string[]): IndexSuggestion[] {
  const steps = parsePlan(details);
  const uses = templateColumns(template);
  const oneTable = uses.size === 1;
  const sorts = steps.some((s) => s.kind === 'sort');
  const out: IndexSuggestion[] = [];
  // The first table step is the outer loop: an index on its join column would not spare its scan.
  const outer = steps.findIndex((s) => s.kind === 'scan' || s.kind === 'search');
  steps.forEach((step, i) => {
    const use = step.table === undefined ? undefined : uses.get(step.table);
    if (!use) return;
    const sorted = oneTable && sorts;
    const joins = i > outer ? use.join : [];
    if (step.automatic) {
      out.push(suggestion(use, step.automatic, details[i].trim()));
    } else if (step.kind === 'scan') {
      const columns = indexColumns({ ...use, join: joins }, sorted);
      if (use.equal.length || joins.length || use.range.length || (sorted && use.order.length))
        out.push(suggestion(use, columns, details[i].trim()));
    } else if (step.kind === 'search' && sorted && use.order.length) {
      const columns = indexColumns(use, true);
      if (columns.length > use.equal.length)
        out.push(suggestion(use, columns, 'USE TEMP B-TREE FOR ORDER BY'));
    }
  });
  // One statement per table and column list, whatever the number of plan lines naming it.
  return out.filter((s, i) => out.findIndex((o) => o.statement === s.statement) === i);
}
