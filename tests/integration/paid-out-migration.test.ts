import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../src/main/db/connection.js';
import { defaultStoreMigrationsDir, loadMigrations, migrate } from '../../src/main/db/migrate.js';
import { openStore } from '../../src/main/services/store.js';

// Migration 0006 (paid-out approvals) on a database holding a shift and drawer movements
// written before it: they keep their figures, gain no approver, and the new table works.

const migrations = loadMigrations(defaultStoreMigrationsDir());
const v6 = migrations.findIndex((m) => m.name === 'paid_out_approvals') + 1;
const CASHIER = { id: 'usr_c', role: 'cashier' as const };
const ADMIN = { id: 'usr_a', role: 'admin' as const };

describe('migration 0006_paid_out_approvals', () => {
  let dir: string;
  let file: string;
  let db: Db;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'kahera-mig6-'));
    file = join(dir, 'store.sqlite');
    db = openDatabase(file);
    migrate(db, migrations.slice(0, v6 - 1));
    const at = '2026-01-05T02:00:00.000Z';
    db.exec(`
      INSERT INTO shifts (id, cashier_id, counter, opening_float, opened_at) VALUES ('shf_old', 'usr_c', 'C1', 200000, '${at}');
      INSERT INTO drawer_movements (id, shift_id, kind, amount, reason, actor_id, refund_id, created_at)
        VALUES ('drw_in', 'shf_old', 'paid_in', 5000, 'coins', 'usr_c', NULL, '${at}'),
               ('drw_out', 'shf_old', 'paid_out', 12000, 'ice', 'usr_c', NULL, '${at}');
    `);
  });
  afterEach(() => {
    if (db.open) db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps the old movements (no approver) and adds an empty request table', () => {
    expect(migrate(db, migrations.slice(0, v6))).toEqual([v6]);
    expect(db.prepare('SELECT id, kind, amount, approved_by FROM drawer_movements ORDER BY id').all()).toEqual([
      { id: 'drw_in', kind: 'paid_in', amount: 5000, approved_by: null },
      { id: 'drw_out', kind: 'paid_out', amount: 12000, approved_by: null },
    ]);
    expect(db.prepare('SELECT count(*) AS n FROM paid_out_requests').get()).toEqual({ n: 0 });
    expect(() => db.exec("UPDATE drawer_movements SET approved_by = 'x'")).toThrow(/append-only/);
  });

  it('an old open shift takes requests after it; a decided request and a request row cannot change or go', () => {
    db.close();
    const store = openStore({ file, requireShifts: true, now: () => new Date('2026-01-05T03:00:00.000Z') });
    try {
      const service = store.paidOutRequests;
      expect(store.shifts.drawer(store.q.shifts.get('shf_old')!, false).expectedCash).toBe(200000 + 5000 - 12000);
      const req = service.request('shf_old', { amount: 150000, reason: 'supplier' }, CASHIER);
      const { movement } = service.approve(req.id, ADMIN);
      expect(movement).toMatchObject({ approvedBy: 'usr_a', actorId: 'usr_c', amount: 150000 });
      expect(store.shifts.drawer(store.q.shifts.get('shf_old')!, false).expectedCash).toBe(43000);
      expect(() => store.db.exec("UPDATE paid_out_requests SET decision_note = 'x'")).toThrow(/cannot change/);
      expect(() => store.db.exec('DELETE FROM paid_out_requests')).toThrow(/never deleted/);
      expect(() =>
        store.db.exec("INSERT INTO paid_out_requests (id, shift_id, amount, reason, requested_by, status, created_at) VALUES ('x', 'shf_old', 1, 'r', 'usr_c', 'approved', 't')"),
      ).toThrow(/CHECK/);
    } finally {
      store.close();
    }
  });
});
