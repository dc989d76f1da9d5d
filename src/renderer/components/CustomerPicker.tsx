import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { CustomerResponse, type Customer } from '../../shared/index';
import { post } from '../lib/api';
import { useCustomerSearch } from '../lib/data';
import { friendlyError } from '../lib/errors';
import { keys } from '../lib/query';
import { ErrorBox, Money, PesoInput } from './ui';

/**
 * Find a customer by name or phone (↑/↓ and Enter pick), or create one when allowed.
 * `focusKey` re-focuses the search box when a parent shortcut asks for it.
 */
export function CustomerPicker({
  selected,
  onSelect,
  allowCreate,
  focusKey,
  compact,
  placeholder = 'Search customer by name or phone…',
}: {
  selected: Customer | null;
  onSelect: (c: Customer | null) => void;
  allowCreate: boolean;
  focusKey?: number;
  /** Show matches only while something is typed (filter bars). */
  compact?: boolean;
  placeholder?: string;
}) {
  const [q, setQ] = useState('');
  const [debounced, setDebounced] = useState('');
  const [active, setActive] = useState(0);
  const [creating, setCreating] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    const t = setTimeout(() => setDebounced(q), 150);
    return () => clearTimeout(t);
  }, [q]);
  useEffect(() => {
    if (focusKey) input.current?.focus();
  }, [focusKey]);
  const search = useCustomerSearch(debounced);
  const items = search.data?.items ?? [];

  if (selected) {
    return (
      <div className="picked-customer" data-testid="picked-customer">
        <div>
          <div className="picked-name">{selected.name}</div>
          <div className="muted small">
            {selected.phone ?? 'no phone'}
            {selected.creditLimit !== null && (
              <>
                {' '}
                · credit limit <Money value={selected.creditLimit} />
              </>
            )}
            {selected.creditBalance > 0 && (
              <>
                {' '}
                · deposit <Money value={selected.creditBalance} />
              </>
            )}
          </div>
        </div>
        <button type="button" className="btn btn-small" onClick={() => onSelect(null)}>
          Change <kbd>Esc</kbd>
        </button>
      </div>
    );
  }

  if (creating) {
    // Leave the form once the customer exists: "Change" then opens the search, not this form again.
    const created = (c: Customer) => {
      setCreating(false);
      setQ('');
      onSelect(c);
    };
    return <NewCustomerForm initialName={q} onCancel={() => setCreating(false)} onCreated={created} />;
  }

  return (
    <div className="customer-picker">
      <input
        ref={input}
        className="search"
        placeholder={placeholder}
        aria-label="Search customer"
        value={q}
        onChange={(e) => {
          setQ(e.target.value);
          setActive(0);
        }}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') {
            e.preventDefault();
            setActive((a) => Math.min(a + 1, items.length - 1));
          } else if (e.key === 'ArrowUp') {
            e.preventDefault();
            setActive((a) => Math.max(a - 1, 0));
          } else if (e.key === 'Enter') {
            e.preventDefault();
            const c = items[active];
            if (c) onSelect(c);
            else if (allowCreate && q.trim()) setCreating(true);
          }
        }}
      />
      {search.isError && <ErrorBox error={search.error} onRetry={() => void search.refetch()} />}
      {(!compact || q.trim() !== '') &&
        (items.length > 0 ? (
          <ul className="picker-list" role="listbox" aria-label="Customers">
            {items.map((c, i) => (
              <li
                key={c.id}
                role="option"
                aria-selected={i === active}
                className={i === active ? 'active' : ''}
                onMouseEnter={() => setActive(i)}
                onClick={() => onSelect(c)}
              >
                <span>{c.name}</span>
                <span className="muted small">{c.phone ?? ''}</span>
              </li>
            ))}
          </ul>
        ) : (
          // Not an empty listbox (a listbox must hold options): a plain line saying so.
          search.isSuccess && (
            <p className="muted none picker-none" role="status">
              {debounced ? `No customer matches “${debounced}”.` : 'No customers yet.'}
            </p>
          )
        ))}
      {allowCreate && (
        <button type="button" className="btn btn-small" onClick={() => setCreating(true)}>
          + New customer
        </button>
      )}
    </div>
  );
}

function NewCustomerForm({
  initialName,
  onCancel,
  onCreated,
}: {
  initialName: string;
  onCancel: () => void;
  onCreated: (c: Customer) => void;
}) {
  const qc = useQueryClient();
  const [name, setName] = useState(initialName);
  const [phone, setPhone] = useState('');
  const [limit, setLimit] = useState<number | null>(null);
  const create = useMutation({
    mutationFn: () =>
      post(
        '/api/v1/customers',
        { name: name.trim(), ...(phone.trim() ? { phone: phone.trim() } : {}), ...(limit !== null ? { creditLimit: limit } : {}) },
        CustomerResponse,
      ),
    onSuccess: (res) => {
      void qc.invalidateQueries({ queryKey: keys.customers });
      onCreated(res.customer);
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (name.trim()) create.mutate();
  };
  return (
    <form className="new-customer" onSubmit={submit} aria-label="New customer">
      <div className="form-row">
        <label>
          Name
          <input autoFocus value={name} onChange={(e) => setName(e.target.value)} />
        </label>
        <label>
          Phone
          <input value={phone} onChange={(e) => setPhone(e.target.value)} placeholder="09xx xxx xxxx" />
        </label>
        <label>
          Credit limit (optional)
          <PesoInput value={limit} onChange={(c) => setLimit(c)} placeholder="no limit" />
        </label>
      </div>
      {create.isError && <div className="error-box" role="alert">{friendlyError(create.error)}</div>}
      <div className="actions">
        <button type="submit" className="btn btn-primary" disabled={!name.trim() || create.isPending}>
          {create.isPending ? 'Saving…' : 'Save customer'}
        </button>
        <button type="button" className="btn btn-ghost" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
