-- Sessions: one row per sign-in, so a token can be ended before it expires. A token
-- names its session (`sid`); the hub accepts it only while the row exists, belongs to the
-- token's user and is not revoked. Signing out revokes one row; deactivating,
-- reactivating, a new password or a new role revokes every open row of that user, so an
-- old token never comes back to life (it used to work again after a reactivation).
-- Tokens signed before this migration name no session and stop working: everyone signs
-- in once after the upgrade.
CREATE TABLE sessions (
  id          TEXT PRIMARY KEY,
  user_id     TEXT NOT NULL REFERENCES users (id),
  -- epoch milliseconds, compared with the hub's clock like the token's own iat/exp
  created_at  INTEGER NOT NULL,
  expires_at  INTEGER NOT NULL,
  revoked_at  INTEGER,
  -- logout | deactivated | activated | password_changed | role_changed
  revoked_why TEXT,
  CHECK ((revoked_at IS NULL) = (revoked_why IS NULL))
) STRICT;

-- Bulk revocation finds a user's open sessions without a scan.
CREATE INDEX sessions_user_open ON sessions (user_id) WHERE revoked_at IS NULL;
