import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { StaffListResponse } from '../../shared/backoffice';
import type { Role } from '../../shared/common';
import { Empty, ErrorBox, Spinner } from '../components/ui';
import { post, put, get } from '../lib/api';
import { friendlyError } from '../lib/errors';
import { fmtDate } from '../lib/format';
import { keys } from '../lib/query';
import { useSignedIn } from '../lib/session';

/** Staff accounts: who may sign in, with which role. Deactivating signs them out everywhere. */
export function Staff() {
  const qc = useQueryClient();
  const me = useSignedIn().user;
  const list = useQuery({ queryKey: keys.staff, queryFn: () => get('/api/v1/backoffice/staff', StaffListResponse) });
  const [form, setForm] = useState({ username: '', displayName: '', password: '', role: 'cashier' as Role });
  const create = useMutation({
    mutationFn: () => post('/api/v1/staff', form),
    onSuccess: () => {
      setForm({ username: '', displayName: '', password: '', role: form.role });
      void qc.invalidateQueries({ queryKey: keys.staff });
    },
  });
  const toggle = useMutation({
    mutationFn: ({ id, active }: { id: string; active: boolean }) => put(`/api/v1/backoffice/staff/${encodeURIComponent(id)}/active`, { active }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: keys.staff }),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };
  return (
    <div className="two-col">
      <section className="panel">
        <h2>Staff</h2>
        {list.isPending ? (
          <Spinner />
        ) : list.isError ? (
          <ErrorBox error={list.error} onRetry={() => void list.refetch()} />
        ) : list.data.items.length === 0 ? (
          <Empty>No staff yet.</Empty>
        ) : (
          <table className="grid" data-testid="staff">
            <thead>
              <tr>
                <th>Name</th>
                <th>Username</th>
                <th>Role</th>
                <th>Since</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {list.data.items.map((u) => (
                <tr key={u.id} className={u.active ? '' : 'voided'}>
                  <td>{u.displayName}</td>
                  <td className="mono">{u.username}</td>
                  <td>
                    <span className={`role-pill r-${u.role}`}>{u.role}</span>
                  </td>
                  <td className="small">{fmtDate(u.createdAt.slice(0, 10))}</td>
                  <td className="num">
                    {u.id !== me.id && (
                      <button
                        type="button"
                        className={`btn btn-small ${u.active ? '' : 'btn-primary'}`}
                        disabled={toggle.isPending}
                        onClick={() => toggle.mutate({ id: u.id, active: !u.active })}
                      >
                        {u.active ? 'Deactivate' : 'Reactivate'}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {toggle.isError && <div className="error-box">{friendlyError(toggle.error)}</div>}
      </section>
      <section className="panel">
        <h2>Add a staff account</h2>
        <form className="stack" onSubmit={submit}>
          <label>
            Full name
            <input value={form.displayName} onChange={(e) => setForm({ ...form, displayName: e.target.value })} />
          </label>
          <label>
            Username
            <input value={form.username} autoComplete="off" onChange={(e) => setForm({ ...form, username: e.target.value })} />
          </label>
          <label>
            Password (at least 8 characters)
            <input type="password" autoComplete="new-password" value={form.password} onChange={(e) => setForm({ ...form, password: e.target.value })} />
          </label>
          <label>
            Role
            <select value={form.role} onChange={(e) => setForm({ ...form, role: e.target.value as Role })}>
              <option value="cashier">Cashier — takes payments</option>
              <option value="sales">Sales — writes job orders</option>
              <option value="admin">Admin — everything</option>
            </select>
          </label>
          {create.isError && <div className="error-box">{friendlyError(create.error)}</div>}
          {create.isSuccess && <div className="notice">Account created.</div>}
          <button type="submit" className="btn btn-primary" disabled={create.isPending || !form.username || !form.displayName || form.password.length < 8}>
            Create account
          </button>
        </form>
      </section>
    </div>
  );
}
