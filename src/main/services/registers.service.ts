import { DomainError } from '../../core/errors.js';
import { invoicePrefix, registerOrPrefix } from '../../core/or-number.js';
import { Id } from '../../shared/common.js';
import { CreateRegisterRequest, UpdateRegisterRequest, type Register } from '../../shared/registers.js';
import { FIRST_REGISTER_ID, type RegisterRow } from '../db/registers.queries.js';
import type { StoreDb } from '../db/store-db.js';
import { requireRole, type Actor } from './access.js';
import { newId } from './ids.js';
import { parseInput } from './validate.js';

export function toRegister(r: RegisterRow): Register {
  return {
    id: r.id,
    code: r.code,
    name: r.name,
    min: r.min,
    serialNo: r.serial_no,
    ptuNo: r.ptu_no,
    ptuDate: r.ptu_date,
    active: r.active === 1,
  };
}

function isUniqueViolation(e: unknown): boolean {
  return typeof e === 'object' && e !== null && (e as { code?: unknown }).code === 'SQLITE_CONSTRAINT_UNIQUE';
}

/**
 * Registers: the machines that issue documents (domain.md "Registers (machines) and
 * documents"). Each has its own OR and SI series, created with it, whose prefix follows the
 * store's (core/or-number.ts registerOrPrefix). Registers are never deleted: one that
 * stops is deactivated, and keeps its documents and series.
 */
export class RegisterService {
  constructor(private readonly store: StoreDb) {}

  /** `GET /registers` (admin, cashier: a cashier picks one to open a shift at). */
  list(actor: Actor): Register[] {
    requireRole(actor, ['admin', 'cashier'], 'see the registers');
    return this.store.q.registers.all().map(toRegister);
  }

  get(id: string): Register {
    const row = this.store.q.registers.get(id);
    if (!row) throw new DomainError('not_found', 'No such register.');
    return toRegister(row);
  }

  /** The active register with this code (what `POST /shifts` calls `counter`), else 422 `unknown_register`. */
  activeByCode(code: string): RegisterRow {
    const row = this.store.q.registers.byCode(code.trim());
    if (!row || row.active !== 1) {
      throw new DomainError('unknown_register', row ? `Register ${row.code} is inactive; pick another one.` : `There is no register ${code.trim()}; pick one of the store's registers.`, {
        counter: code,
      });
    }
    return row;
  }

  /** `POST /registers` (admin): a new register with an empty OR series; a duplicate code is 409. */
  create(input: unknown, actor: Actor): Register {
    const req = parseInput(CreateRegisterRequest, input, 'register');
    requireRole(actor, ['admin'], 'add registers');
    return this.store.write(() => {
      const q = this.store.q.registers;
      const taken = q.byCode(req.code);
      if (taken) throw new DomainError('conflict', `There is already a register ${taken.code}.`, { code: taken.code });
      const row = {
        id: newId('reg'),
        code: req.code,
        name: req.name,
        min: req.min ?? null,
        serial_no: req.serialNo ?? null,
        ptu_no: req.ptuNo ?? null,
        ptu_date: req.ptuDate ?? null,
        created_at: this.store.now(),
      };
      try {
        q.insert(row);
        const orPrefix = registerOrPrefix(this.storePrefix(), row.code, false);
        q.initSeries(row.id, 'or', orPrefix);
        q.initSeries(row.id, 'si', invoicePrefix(orPrefix));
      } catch (e) {
        if (isUniqueViolation(e)) throw new DomainError('conflict', `There is already a register ${req.code}.`, { code: req.code });
        throw e;
      }
      const register = toRegister(q.get(row.id)!);
      this.store.append('register.created', { register, actorId: actor.id });
      return register;
    });
  }

  /** `PATCH /registers/:id` (admin): name, MIN, serial, PTU, active; the code only while unused. */
  update(registerId: unknown, input: unknown, actor: Actor): Register {
    const id = parseInput(Id, registerId, 'register id');
    const req = parseInput(UpdateRegisterRequest, input, 'register');
    requireRole(actor, ['admin'], 'change registers');
    return this.store.write(() => {
      const q = this.store.q.registers;
      const row = q.get(id);
      if (!row) throw new DomainError('not_found', 'No such register.');
      const code = req.code ?? row.code;
      if (code !== row.code) {
        if (id === FIRST_REGISTER_ID || q.inUse(id)) {
          throw new DomainError('conflict', `Register ${row.code} has issued documents or had shifts: its code names them and cannot change.`, { code: row.code });
        }
        const taken = q.byCode(code);
        if (taken && taken.id !== id) throw new DomainError('conflict', `There is already a register ${taken.code}.`, { code: taken.code });
      }
      const active = req.active === undefined ? row.active : req.active ? 1 : 0;
      if (active === 0 && row.active === 1 && this.store.q.shifts.openAtRegister(id)) {
        throw new DomainError('conflict', `Register ${row.code} has an open shift; close it before deactivating the register.`);
      }
      const next = {
        id,
        code,
        name: req.name ?? row.name,
        min: req.min === undefined ? row.min : req.min,
        serial_no: req.serialNo === undefined ? row.serial_no : req.serialNo,
        ptu_no: req.ptuNo === undefined ? row.ptu_no : req.ptuNo,
        ptu_date: req.ptuDate === undefined ? row.ptu_date : req.ptuDate,
        active,
      };
      try {
        q.update(next);
        if (code !== row.code) {
          const orPrefix = registerOrPrefix(this.storePrefix(), code, false);
          q.setPrefix(id, 'or', orPrefix);
          q.setPrefix(id, 'si', invoicePrefix(orPrefix));
        }
      } catch (e) {
        if (isUniqueViolation(e)) throw new DomainError('conflict', `There is already a register ${code}.`, { code });
        throw e;
      }
      const register = toRegister(q.get(id)!);
      this.store.append('register.updated', { register, actorId: actor.id });
      return register;
    });
  }

  /** The store's OR prefix: C1's, which inherited the store's series. */
  private storePrefix(): string {
    return this.store.q.registers.series(FIRST_REGISTER_ID, 'or')?.prefix ?? `OR-${this.store.storeId}`;
  }
}
