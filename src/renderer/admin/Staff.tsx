import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { StaffListResponse, type StaffMember } from '../../shared/backoffice';
import type { Role } from '../../shared/common';
import { Empty, ErrorBox, Spinner } from '../components/ui';
import { get, patch, post, put } from '../lib/api';
import { friendlyError } from '../lib/errors';
import { fmtDate } from '../lib/format';
import { keys } from '../lib/query';
import { useSignedIn } from '../lib/session';
import { MIN_PASSWORD, passwordProblem, ResetPasswordDialog } from './StaffDialogs';

const ROLE_LABEL: Record<Role, string> = { cashier: 'Cashier — takes payments', sales: 'Sales — writes job orders', admin: 'Admin — everything' };

/**
 * Staff accounts: who may sign in, with which role. A changed role or a reset password
 * signs that person out of their terminals; deactivating signs them out everywhere.
 */
export function Staff() {
  const qc = useQueryClient();
  const me = useSignedIn().user;
  const list = useQuery({ queryKey: keys.staff, queryFn: () => get('/api/v1/backoffice/staff', StaffListResponse) });
  const [resetting, setResetting] = useState<StaffMember | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const refresh = () => void qc.invalidateQueries({ queryKey: keys.staff });
  const toggle = useMutation({
    mutationFn: ({ id, active }: { id: string; active: boolean }) => put(`/api/v1/backoffice/staff/${encodeURIComponent(id)}/active`, { active }),
    onSuccess: refresh,
  });
  const change = useMutation({
    mutationFn: ({ id, body }: { id: string; body: { role?: Role; password?: string }; what: string }) =>
      patch(`/api/v1/staff/${encodeURIComponent(id)}`, body),
    onSuccess: (_r, v) => {
      setDone(v.what);
      setResetting(null);
      refresh();
    },
  });
  return (
    <div className="two-col staff">
      <section className="panel">
        <h2>Staff</h2>
        {done && (
          <div className="notice" role="status" data-testid="staff-notice">
            {done}
          </div>
        )}
        {(toggle.isError || (change.isError && !resetting)) && <div className="error-box" role="alert">{friendlyError(toggle.error ?? change.error)}</div>}
        {list.isPending ? (
          <Spinner />
        ) : list.isError ? (
          <ErrorBox error={list.error} onRetry={() => void list.refetch()} />
        ) : list.data.items.length === 0 ? (
          <Empty>No staff yet.</Empty>
        ) : (
          <ul className="staff-list" data-testid="staff">
            {list.data.items.map((u) => (
              <li key={u.id} className={u.active ? '' : 'voided'} data-testid="staff-row" data-username={u.username}>
                <div className="staff-who">
                  <strong>{u.displayName}</strong>
                  <span className="mono small">{u.username}</span>
                  <span className="muted small">since {fmtDate(u.createdAt.slice(0, 10))}{u.active ? '' : ' · deactivated'}</span>
                </div>
                <div className="staff-role">
                  <select
                    aria-label={`Role of ${u.displayName}`}
                    value={u.role}
                    disabled={u.id === me.id || change.isPending}
                    title={u.id === me.id ? 'You cannot change your own role' : undefined}
                    onChange={(e) => {
                      const role = e.target.value as Role;
                      change.mutate({ id: u.id, body: { role }, what: `${u.displayName} is now ${role}. Their terminals were signed out.` });
                    }}
                    data-testid="staff-role"
                  >
                    {(Object.keys(ROLE_LABEL) as Role[]).map((r) => (
                      <option key={r} value={r}>
                        {ROLE_LABEL[r]}
                      </option>
                    ))}
                  </select>
                </div>
                <div className="row-actions">
                  <button type="button" className="btn" onClick={() => (change.reset(), setResetting(u))} data-testid="staff-reset">
                    Reset password
                  </button>
                  {u.id !== me.id && (
                    <button
                      type="button"
                      className={`btn ${u.active ? '' : 'btn-primary'}`}
                      disabled={toggle.isPending}
                      onClick={() => toggle.mutate({ id: u.id, active: !u.active })}
                    >
                      {u.active ? 'Deactivate' : 'Reactivate'}
                    </button>
                  )}
                </div>
              </li>
            ))}
          </ul>
        )}
      </section>
      <NewStaffForm onCreated={refresh} />
      {resetting && (
        <ResetPasswordDialog
          member={resetting}
          busy={change.isPending}
          error={change.isError ? change.error : null}
          onCancel={() => setResetting(null)}
          onSave={(password) => change.mutate({ id: resetting.id, body: { password }, what: `New password set for ${resetting.displayName}.` })}
        />
      )}
    </div>
  );
}

/** A new account. A short password is said in words, not by a greyed-out button. */
function NewStaffForm({ onCreated }: { onCreated: () => void }) {
  const [form, setForm] = useState({ username: '', displayName: '', password: '', role: 'cashier' as Role });
  const [tried, setTried] = useState(false);
  const create = useMutation({
    mutationFn: () => post('/api/v1/staff', form),
    onSuccess: () => {
      setForm({ username: '', displayName: '', password: '', role: form.role });
      setTried(false);
      onCreated();
    },
  });
  const missing = [!form.displayName.trim() && 'a full name', !form.username.trim() && 'a username', !form.password && 'a password'].filter(Boolean);
  const problem = passwordProblem(form.password);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTried(true);
    if (missing.length === 0 && !problem && !create.isPending) create.mutate();
  };
  return (
    <section className="panel">
      <h2>Add a staff account</h2>
      <form className="stack" onSubmit={submit} noValidate>
        <label>
          Full name
          <input value={form.displayName} onChange={(e) => setForm({ ...form, displayName: e.target.value })} />
        </label>
        <label>
          Username
          <input value={form.username} autoComplete="off" onChange={(e) => setForm({ ...form, username: e.target.value })} />
        </label>
        <label>
          Password (at least {MIN_PASSWORD} characters)
          <input
            type="password"
            autoComplete="new-password"
            value={form.password}
            aria-invalid={problem !== null}
            aria-describedby="new-staff-password-problem"
            onChange={(e) => setForm({ ...form, password: e.target.value })}
            data-testid="new-staff-password"
          />
        </label>
        <p id="new-staff-password-problem" className="error-text" role="alert" data-testid="new-staff-password-problem">
          {problem ?? (tried && missing.length > 0 ? `Still needed: ${missing.join(', ')}.` : '')}
        </p>
        <label>
          Role
          <select value={form.role} onChange={(e) => setForm({ ...form, role: e.target.value as Role })}>
            {(Object.keys(ROLE_LABEL) as Role[]).map((r) => (
              <option key={r} value={r}>
                {ROLE_LABEL[r]}
              </option>
            ))}
          </select>
        </label>
        {create.isError && <div className="error-box" role="alert">{friendlyError(create.error)}</div>}
        {create.isSuccess && <div className="notice" role="status">Account created.</div>}
        <button type="submit" className="btn btn-primary" disabled={create.isPending} data-testid="create-staff">
          {create.isPending ? 'Creating…' : 'Create account'}
        </button>
      </form>
    </section>
  );
}
