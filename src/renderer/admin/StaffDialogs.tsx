import { useState } from 'react';
import type { StaffMember } from '../../shared/backoffice';
import { ConfirmActions, Modal } from '../components/Modal';

export const MIN_PASSWORD = 8;

/** What is wrong with a password as typed, in the screen's words, or null when it will do. */
export function passwordProblem(password: string): string | null {
  if (password.length === 0) return null;
  const missing = MIN_PASSWORD - password.length;
  return missing > 0 ? `The password needs at least ${MIN_PASSWORD} characters: ${missing} more.` : null;
}

/** Sets a new password for a staff member; their signed-in terminals start over. */
export function ResetPasswordDialog({
  member,
  busy,
  error,
  onSave,
  onCancel,
}: {
  member: StaffMember;
  busy: boolean;
  error: unknown;
  onSave: (password: string) => void;
  onCancel: () => void;
}) {
  const [password, setPassword] = useState('');
  const [tried, setTried] = useState(false);
  const problem = passwordProblem(password) ?? (tried && password.length === 0 ? `Type a new password of at least ${MIN_PASSWORD} characters.` : null);
  return (
    <Modal
      label={`Reset password for ${member.displayName}`}
      onClose={onCancel}
      busy={busy}
      testId="reset-password"
      onSubmit={() => {
        setTried(true);
        if (password.length >= MIN_PASSWORD && !busy) onSave(password);
      }}
    >
      <h2>Reset password for {member.displayName}</h2>
      <p className="muted">Tell {member.displayName} the new password in person. Any terminal signed in as {member.username} is signed out.</p>
      <label>
        New password (at least {MIN_PASSWORD} characters)
        <input
          type="password"
          autoComplete="new-password"
          autoFocus
          value={password}
          aria-invalid={problem !== null}
          aria-describedby="reset-password-problem"
          onChange={(e) => setPassword(e.target.value)}
          data-testid="reset-password-input"
        />
      </label>
      <p id="reset-password-problem" className="error-text" role="alert" data-testid="reset-password-problem">
        {problem ?? ''}
      </p>
      <ConfirmActions label="Set new password" busyLabel="Saving…" busy={busy} variant="primary" testId="reset-password-save" error={error} onCancel={onCancel} />
    </Modal>
  );
}
