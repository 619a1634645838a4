-- Settings (issue #19): the token list shows each token's last four characters so
-- an admin can tell them apart. The secret is never stored, so tokens made before
-- this have none (NULL), and a revoked token is deleted outright.

ALTER TABLE tokens ADD COLUMN last4 TEXT;
