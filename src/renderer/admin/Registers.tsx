import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { RegisterResponse, type Register, type RegisterList } from '../../shared/registers';
import { Empty, ErrorBox, Spinner } from '../components/ui';
import { patch, post } from '../lib/api';
import { friendlyError } from '../lib/errors';
import { keys } from '../lib/query';
import { useRegisters } from '../lib/registers';
import { refreshSetup } from '../lib/setup';
import type { SetupTarget } from './setup/target';

interface Draft {
  code: string;
  name: string;
  min: string;
  serialNo: string;
  ptuNo: string;
  ptuDate: string;
}

const EMPTY: Draft = { code: '', name: '', min: '', serialNo: '', ptuNo: '', ptuDate: '' };
const draftOf = (r: Register): Draft => ({ code: r.code, name: r.name, min: r.min ?? '', serialNo: r.serialNo ?? '', ptuNo: r.ptuNo ?? '', ptuDate: r.ptuDate ?? '' });

/** What an active register still lacks before it may issue a Sales Invoice or a Z (domain.md). */
function lacking(r: Register): string[] {
  if (!r.active) return [];
  return [...(r.min ? [] : ['MIN']), ...(r.serialNo ? [] : ['serial number'])];
}

/** The fields the BIR's permit gives a machine (RR 10-2015: one MIN per machine). */
function RegisterFields({ draft, set, codeLocked }: { draft: Draft; set: (d: Draft) => void; codeLocked: boolean }) {
  const field = (key: keyof Draft, label: string, extra: { type?: string; placeholder?: string } = {}) => (
    <label>
      {label}
      <input
        value={draft[key]}
        onChange={(e) => set({ ...draft, [key]: key === 'code' ? e.target.value.toUpperCase() : e.target.value })}
        data-testid={`register-${key}`}
        disabled={key === 'code' && codeLocked}
        {...extra}
      />
    </label>
  );
  return (
    <div className="register-fields">
      {field('code', 'Code', { placeholder: 'C2' })}
      {field('name', 'Name', { placeholder: 'Counter 2' })}
      {field('min', 'MIN (machine identification number)')}
      {field('serialNo', 'Serial number')}
      {field('ptuNo', 'PTU number')}
      {field('ptuDate', 'PTU date', { type: 'date' })}
    </div>
  );
}

/**
 * Registers: the machines that issue receipts, each with its own MIN, serial number, PTU,
 * OR series and Z. A cashier opens a shift at one. Registers are never deleted: one that
 * stops is deactivated and keeps its documents.
 */
export function Registers({ target }: { target: SetupTarget | null }) {
  const qc = useQueryClient();
  const list = useRegisters();
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [editing, setEditing] = useState<Register | null>(null);
  const [edit, setEdit] = useState<Draft>(EMPTY);
  const refresh = () => {
    void qc.invalidateQueries({ queryKey: keys.registers });
    refreshSetup(qc);
  };
  // The saved register in the list at once (the refetch follows): the form never closes onto the old row.
  const show = (r: Register) =>
    qc.setQueryData<RegisterList>(keys.registers, (list) =>
      list ? { items: list.items.some((x) => x.id === r.id) ? list.items.map((x) => (x.id === r.id ? r : x)) : [...list.items, r] } : list,
    );
  // Sent here by the setup checklist: open that register's form once, on the missing field.
  const opened = useRef<SetupTarget | null>(null);
  const items = list.data?.items;
  useEffect(() => {
    if (!target || opened.current === target || !items) return;
    const r = items.find((x) => x.id === target.registerId);
    if (!r) return;
    opened.current = target;
    setEditing(r);
    setEdit(draftOf(r));
  }, [target, items]);
  const formRef = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (!editing || opened.current?.registerId !== editing.id) return;
    const input = formRef.current?.querySelector<HTMLInputElement>(`[data-testid="register-${opened.current.field}"]`);
    formRef.current?.scrollIntoView({ block: 'center' });
    input?.focus();
  }, [editing]);
  const create = useMutation({
    mutationFn: (d: Draft) => post('/api/v1/registers', d, RegisterResponse),
    onSuccess: ({ register }) => {
      setDraft(EMPTY);
      show(register);
      refresh();
    },
  });
  const update = useMutation({
    mutationFn: ({ id, body }: { id: string; body: Partial<Draft> & { active?: boolean } }) => patch(`/api/v1/registers/${encodeURIComponent(id)}`, body, RegisterResponse),
    onSuccess: ({ register }) => {
      setEditing(null);
      show(register);
      refresh();
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate(draft);
  };
  const save = (e: FormEvent) => {
    e.preventDefault();
    if (!editing) return;
    const { code, ...rest } = edit;
    update.mutate({ id: editing.id, body: code === editing.code ? rest : edit });
  };
  return (
    <div className="stack registers">
      <section className="panel">
        <h2>Registers</h2>
        {update.isError && !editing && <div className="error-box" role="alert">{friendlyError(update.error)}</div>}
        {list.isPending && <Spinner />}
        {list.isError && <ErrorBox error={list.error} onRetry={() => void list.refetch()} />}
        {list.data && list.data.items.length === 0 && <Empty>No registers.</Empty>}
        {list.data && list.data.items.length > 0 && (
          <table className="grid" data-testid="registers">
            <thead>
              <tr>
                <th>Code</th>
                <th>Name</th>
                <th>MIN</th>
                <th>Serial</th>
                <th>PTU</th>
                <th>BIR setup</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {list.data.items.map((r) => (
                <tr key={r.id} data-testid="register-row" data-code={r.code} className={r.active ? '' : 'muted'}>
                  <td className="mono">{r.code}</td>
                  <td>
                    {r.name}
                    {r.active ? '' : ' · inactive'}
                  </td>
                  <td className="mono small">{r.min ?? <span className="error-text">not set</span>}</td>
                  <td className="mono small">{r.serialNo ?? <span className="error-text">not set</span>}</td>
                  <td className="mono small">{r.ptuNo ? `${r.ptuNo}${r.ptuDate ? ` · ${r.ptuDate}` : ''}` : '—'}</td>
                  <td className="small" data-testid="register-setup">
                    {!r.active ? (
                      <span className="muted">—</span>
                    ) : lacking(r).length === 0 ? (
                      <span className="ok-text">Ready</span>
                    ) : (
                      <span className="error-text">Needs {lacking(r).join(' and ')}</span>
                    )}
                  </td>
                  <td>
                    <div className="row-actions">
                      <button type="button" className="btn btn-small" onClick={() => (update.reset(), setEditing(r), setEdit(draftOf(r)))} data-testid="register-edit">
                        Edit
                      </button>
                      <button
                        type="button"
                        className="btn btn-small"
                        onClick={() => update.mutate({ id: r.id, body: { active: !r.active } })}
                        data-testid="register-toggle"
                      >
                        {r.active ? 'Deactivate' : 'Activate'}
                      </button>
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {editing && (
          <form className="stack" onSubmit={save} noValidate data-testid="register-edit-form" ref={formRef}>
            <h3>Edit {editing.code}</h3>
            <RegisterFields draft={edit} set={setEdit} codeLocked={false} />
            {update.isError && <div className="error-box" role="alert">{friendlyError(update.error)}</div>}
            <div className="row-actions">
              <button type="submit" className="btn btn-primary" disabled={update.isPending} data-testid="register-save">
                Save
              </button>
              <button type="button" className="btn" onClick={() => setEditing(null)}>
                Cancel
              </button>
            </div>
          </form>
        )}
      </section>
      <section className="panel">
        <h2>Add a register</h2>
        <form className="stack" onSubmit={submit} noValidate>
          <RegisterFields draft={draft} set={setDraft} codeLocked={false} />
          {create.isError && <div className="error-box" role="alert">{friendlyError(create.error)}</div>}
          {create.isSuccess && <div className="notice" role="status">Register added.</div>}
          <button type="submit" className="btn btn-primary" disabled={create.isPending || !draft.code || !draft.name} data-testid="create-register">
            Add register
          </button>
        </form>
      </section>
    </div>
  );
}
