-- A secret salt per UTC day (issue 17): a widget with data-anonymous-user-id="daily"
-- stores nothing in the browser; the server makes its user key from a hash of this
-- salt, the site, the client's address and user agent (core/daily-user.ts). The
-- salt is removed once its day is over, so no key can be made again or linked to
-- another day's.
CREATE TABLE day_salts (
  day INTEGER PRIMARY KEY, -- days since the epoch, UTC
  salt TEXT NOT NULL
);
