-- Rollups, sessions and error groups are derived from the raw batches. The Node
-- runtime's commit thread answers a batch once it is stored, and adds the derived
-- rows of many batches together a few milliseconds later: fewer pages written per
-- batch, and no batch waits for them. `batches_to` is the last batch (seq) whose
-- derived rows are stored; every earlier one's are too. On start, the batches after
-- it (a crash in between) are derived again. D1 adds a batch's derived rows in the
-- same D1 batch that stores it, and never reads this.
CREATE TABLE derived_state (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  batches_to INTEGER NOT NULL
);
INSERT INTO derived_state (id, batches_to) SELECT 1, COALESCE(MAX(seq), 0) FROM batches;
