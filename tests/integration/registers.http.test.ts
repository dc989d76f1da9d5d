import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testMin, testSerial } from './support/bir-setup.js';
import { cash, startTestHub, type Json, type Staff, type TestHub } from './support/hub-harness.js';

// Registers over HTTP (protocol.md v1 additions): the list, add, edit and deactivate, who
// may do what, and a shift opened at a register whose series then numbers its receipts.

let h: TestHub;
let cora: Staff;
let sales: Staff;
const errorOf = (r: Json) => r.body?.error?.code as string;

async function cashierNoShift(username: string): Promise<Staff> {
  const password = `${username}-password`;
  expect((await h.api('POST', '/api/v1/staff', { token: h.admin.token, body: { username, password, role: 'cashier', displayName: username } })).status).toBe(201);
  return h.login(username, password);
}

beforeAll(async () => {
  h = await startTestHub({ storeId: 'REGS1' });
  cora = await cashierNoShift('cora');
  sales = await h.staff('sales', 'sam');
});
afterAll(async () => h.close());

describe('registers over HTTP', () => {
  it('a fresh store lists C1; admins and cashiers may read the list, sales may not', async () => {
    const r = await h.api('GET', '/api/v1/registers', { token: cora.token });
    expect(r.status).toBe(200);
    // The test store is set up for the BIR (bir-setup.ts): C1 has its MIN and serial.
    expect(r.body).toEqual({ items: [{ id: 'reg_c1', code: 'C1', name: 'Counter 1', min: testMin('C1'), serialNo: testSerial('C1'), ptuNo: null, ptuDate: null, active: true }] });
    expect((await h.api('GET', '/api/v1/registers', { token: h.admin.token })).status).toBe(200);
    expect((await h.api('GET', '/api/v1/registers', { token: sales.token })).status).toBe(403);
    expect((await h.api('GET', '/api/v1/registers')).status).toBe(401);
  });

  it('an admin adds a register (201), a duplicate code is 409 whatever its case, a bad body 400, others 403', async () => {
    const body = { code: 'C2', name: 'Counter 2', min: '18010912345678901', serialNo: 'SN-0042', ptuNo: 'FP012026-123-0000001-00000', ptuDate: '2026-01-15' };
    const r = await h.api('POST', '/api/v1/registers', { token: h.admin.token, body });
    expect(r.status).toBe(201);
    expect(r.body.register).toEqual({ id: expect.stringMatching(/^reg_/), code: 'C2', name: 'Counter 2', min: body.min, serialNo: 'SN-0042', ptuNo: body.ptuNo, ptuDate: '2026-01-15', active: true });
    const dup = await h.api('POST', '/api/v1/registers', { token: h.admin.token, body: { code: 'c2', name: 'Again' } });
    expect([dup.status, errorOf(dup)]).toEqual([409, 'conflict']);
    for (const bad of [{ code: '', name: 'x' }, { code: 'C 3', name: 'x' }, { code: 'C3' }, { code: 'C3', name: 'x', ptuDate: '15/01/2026' }, { code: 'C3', name: 'x', min: 'a\u0000' }]) {
      const res = await h.api('POST', '/api/v1/registers', { token: h.admin.token, body: bad });
      expect([res.status, errorOf(res)]).toEqual([400, 'validation_failed']);
    }
    expect((await h.api('POST', '/api/v1/registers', { token: cora.token, body: { code: 'C3', name: 'x' } })).status).toBe(403);
    expect((await h.api('GET', '/api/v1/registers', { token: h.admin.token })).body.items.map((x: Json) => x.code)).toEqual(['C1', 'C2']);
  });

  it('a shift opens at an active register by its code; unknown or inactive is 422 unknown_register', async () => {
    const unknown = await h.api('POST', '/api/v1/shifts', { token: cora.token, body: { counter: 'Counter 9', openingFloat: 0 } });
    expect([unknown.status, errorOf(unknown)]).toEqual([422, 'unknown_register']);
    const c3 = (await h.api('POST', '/api/v1/registers', { token: h.admin.token, body: { code: 'C3', name: 'Counter 3' } })).body.register;
    const off = await h.api('PATCH', `/api/v1/registers/${c3.id}`, { token: h.admin.token, body: { active: false } });
    expect(off.body.register).toMatchObject({ code: 'C3', active: false });
    const inactive = await h.api('POST', '/api/v1/shifts', { token: cora.token, body: { counter: 'C3', openingFloat: 0 } });
    expect([inactive.status, errorOf(inactive)]).toEqual([422, 'unknown_register']);

    const list = (await h.api('GET', '/api/v1/registers', { token: cora.token })).body.items as Json[];
    const c2 = list.find((x) => x.code === 'C2')!;
    const open = await h.api('POST', '/api/v1/shifts', { token: cora.token, body: { counter: 'c2', openingFloat: 0 } });
    expect(open.status).toBe(201);
    expect(open.body.shift).toMatchObject({ counter: 'C2', registerId: c2.id });
    // Its receipts come from C2's own series; an admin's (no shift) from C1's.
    const customer = await h.customer(sales.token);
    await h.transaction(sales.token, customer, 300_00);
    const mine = await h.settle(cora.token, cash(customer, 100_00));
    expect(mine.body.settlement).toMatchObject({ or_number: 'OR-REGS1-C2-00000001', registerId: c2.id });
    const admins = await h.settle(h.admin.token, cash(customer, 100_00));
    expect(admins.body.settlement).toMatchObject({ or_number: 'OR-REGS1-00000001', registerId: 'reg_c1' });
    expect((await h.settle(cora.token, cash(customer, 100_00))).body.settlement.or_number).toBe('OR-REGS1-C2-00000002');

    // A register with an open shift cannot be deactivated; its code is fixed once used.
    const busy = await h.api('PATCH', `/api/v1/registers/${c2.id}`, { token: h.admin.token, body: { active: false } });
    expect([busy.status, errorOf(busy)]).toEqual([409, 'conflict']);
    const rename = await h.api('PATCH', `/api/v1/registers/${c2.id}`, { token: h.admin.token, body: { code: 'C7' } });
    expect([rename.status, errorOf(rename)]).toEqual([409, 'conflict']);
  });

  it('an admin edits MIN, serial and PTU (empty clears), renames an unused code; 404 and 400 as usual', async () => {
    const c4 = (await h.api('POST', '/api/v1/registers', { token: h.admin.token, body: { code: 'C4', name: 'Counter 4', serialNo: 'OLD' } })).body.register;
    const r = await h.api('PATCH', `/api/v1/registers/${c4.id}`, { token: h.admin.token, body: { code: 'C5', min: '99', serialNo: '', ptuNo: 'PTU-1', ptuDate: '2026-02-01' } });
    expect(r.status).toBe(200);
    expect(r.body.register).toEqual({ id: c4.id, code: 'C5', name: 'Counter 4', min: '99', serialNo: null, ptuNo: 'PTU-1', ptuDate: '2026-02-01', active: true });
    expect((await h.api('PATCH', '/api/v1/registers/reg_nope', { token: h.admin.token, body: { name: 'x' } })).status).toBe(404);
    expect(errorOf(await h.api('PATCH', `/api/v1/registers/${c4.id}`, { token: h.admin.token, body: { colour: 'red' } }))).toBe('validation_failed');
    expect((await h.api('PATCH', `/api/v1/registers/${c4.id}`, { token: cora.token, body: { name: 'x' } })).status).toBe(403);
    const clash = await h.api('PATCH', `/api/v1/registers/${c4.id}`, { token: h.admin.token, body: { code: 'c1' } });
    expect([clash.status, errorOf(clash)]).toEqual([409, 'conflict']);
  });
});
