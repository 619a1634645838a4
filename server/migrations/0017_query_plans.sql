-- Slow query templates' plans (issue 16 item 5, Insights): the server SDK runs SQLite's
-- or D1's EXPLAIN QUERY PLAN the first time a template is slow in a process and sends
-- its detail lines with that query's event. The newest plan of each site × template is
-- kept (an index added since changes it): GET /v1/insights turns a full SCAN into an
-- index suggestion (core/insights/query-plan.ts). Plans name tables, indexes and
-- columns, never values; at most 1,000 templates a site.
CREATE TABLE query_plans (
  site_id TEXT NOT NULL,
  template TEXT NOT NULL,
  seen_at INTEGER NOT NULL,
  -- The detail lines, a JSON array of strings.
  plan TEXT NOT NULL,
  PRIMARY KEY (site_id, template)
) WITHOUT ROWID;
