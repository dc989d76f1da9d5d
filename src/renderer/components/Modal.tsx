import { useEffect, useRef, type FormEvent, type ReactNode } from 'react';

/**
 * A dialog over the screen, in the look of the receipt and void dialogs. With `onSubmit`
 * its body is a form (Enter submits). Escape closes it unless `busy`.
 */
export function Modal({
  label,
  onClose,
  onSubmit,
  wide,
  busy,
  testId,
  children,
}: {
  label: string;
  onClose: () => void;
  onSubmit?: () => void;
  wide?: boolean;
  busy?: boolean;
  testId?: string;
  children: ReactNode;
}) {
  const close = useRef(onClose);
  close.current = onClose;
  const blocked = useRef(busy);
  blocked.current = busy;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && !blocked.current) close.current();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  const className = `modal${wide ? ' modal-wide' : ''}`;
  return (
    <div className="modal-backdrop" role="dialog" aria-modal aria-label={label} data-testid={testId}>
      {onSubmit ? (
        <form
          className={className}
          onSubmit={(e: FormEvent) => {
            e.preventDefault();
            onSubmit();
          }}
        >
          {children}
        </form>
      ) : (
        <div className={className}>{children}</div>
      )}
    </div>
  );
}
