import { setupMissingOf } from '../../lib/setup';

/**
 * A 422 `setup_incomplete` from the hub, said plainly: what is missing (`details.missing`)
 * and a way to the checklist where each item is filled in. Renders nothing for any other error.
 */
export function SetupIncomplete({ error, what, onOpenSetup }: { error: unknown; what: string; onOpenSetup: () => void }) {
  const missing = setupMissingOf(error);
  if (!missing) return null;
  return (
    <div className="error-box setup-error" role="alert" data-testid="setup-incomplete">
      <div>
        <strong>{what} needs the store’s BIR setup first.</strong>
        {missing.length > 0 && (
          <ul>
            {missing.map((m) => (
              <li key={`${m.field}-${m.registerId ?? 'store'}`}>{m.label}</li>
            ))}
          </ul>
        )}
      </div>
      <button type="button" className="btn" onClick={onOpenSetup} data-testid="open-setup">
        Open the setup checklist
      </button>
    </div>
  );
}
