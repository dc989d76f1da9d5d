import { useEffect, useRef, useState } from 'react';
import type { SettlementRequest, SettlementResponse } from '../../shared/index';
import type { GatewayMethod, PaymentIntent } from '../../shared/payment-intents';
import { Modal } from '../components/Modal';
import { Money } from '../components/ui';
import { friendlyError } from '../lib/errors';
import { formatPeso } from '../lib/format';
import { useGatewayAvailability, useGatewayPayment, type IntentBody } from './useGatewayPayment';

const METHODS: { method: GatewayMethod; label: string; hint: string }[] = [
  { method: 'qrph', label: 'QR Ph', hint: 'any bank or e-wallet app' },
  { method: 'gcash', label: 'GCash', hint: 'scan in GCash' },
  { method: 'maya', label: 'Maya', hint: 'scan in Maya' },
  { method: 'card', label: 'Card', hint: 'card through the gateway' },
];
const LABEL: Record<GatewayMethod, string> = { qrph: 'QR Ph', gcash: 'GCash', maya: 'Maya', card: 'Card' };

/**
 * The gateway tenders under the manual ones: each starts a payment intent for the
 * amount and allocation the cashier has entered. With central unreachable they stay
 * visible, disabled, saying why — manual GCash/Maya with a reference keeps working.
 */
export function GatewayTenders({ body, onPaid }: { body: SettlementRequest | null; onPaid: (r: SettlementResponse) => void }) {
  const availability = useGatewayAvailability();
  // The body is taken when the tender is chosen: once the payment lands, the live update
  // pays the transactions and the form's body goes away, but the dialog must stay to say "Paid".
  const [chosen, setChosen] = useState<{ method: GatewayMethod; body: SettlementRequest } | null>(null);
  const reason = availability.reason ?? (!body ? 'Enter the amount first.' : null);
  return (
    <div className="gateway-tenders" data-testid="gateway-tenders" style={{ marginTop: '0.4rem' }}>
      <div className="field-label">Through the gateway (the customer scans a QR)</div>
      <div role="group" aria-label="Gateway tenders" style={{ display: 'grid', gridTemplateColumns: 'repeat(4, 1fr)', gap: '0.4rem' }}>
        {METHODS.map((m) => (
          <button
            key={m.method}
            type="button"
            className="tender"
            style={{ justifyContent: 'center' }}
            disabled={!availability.available || !body}
            title={reason ?? `${m.label}: ${m.hint}`}
            onClick={() => body && setChosen({ method: m.method, body })}
            data-testid={`gateway-${m.method}`}
          >
            {m.label}
          </button>
        ))}
      </div>
      {availability.reason && (
        <div className="small" role="status" data-testid="gateway-unavailable" style={{ color: '#8a4b00', background: '#fff4e0', borderRadius: 6, padding: '0.35rem 0.6rem', marginTop: '0.3rem' }}>
          {availability.reason}
        </div>
      )}
      {chosen && (
        <GatewayPaymentDialog
          body={{ ...chosen.body, tender: { method: chosen.method } }}
          onClose={() => setChosen(null)}
          onPaid={(r) => {
            setChosen(null);
            onPaid(r);
          }}
        />
      )}
    </div>
  );
}

/** The QR code, large, as an image the customer's phone can scan off the screen. */
function QrImage({ payload }: { payload: string }) {
  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    // The real gateway may give the code only as an image (central passes it on as is).
    if (payload.startsWith('data:image/')) {
      setSrc(payload);
      return;
    }
    let gone = false;
    // Loaded on first use: the QR encoder stays out of the counter's first paint.
    import('qrcode')
      .then((m) => m.default.toDataURL(payload, { errorCorrectionLevel: 'M', margin: 2, width: 640 }))
      .then(
        (url) => !gone && setSrc(url),
        () => !gone && setSrc(null),
      );
    return () => {
      gone = true;
    };
  }, [payload]);
  if (!src) return <div style={{ width: 300, height: 300 }} aria-busy />;
  return <img src={src} alt="QR code to scan and pay" data-testid="gateway-qr" style={{ width: 'min(300px, 42vh)', height: 'auto', imageRendering: 'pixelated' }} />;
}

function useSecondsLeft(until: string | undefined): number | null {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!until) return;
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, [until]);
  return until ? Math.max(0, Math.round((Date.parse(until) - now) / 1000)) : null;
}

function StateLine({ intent, orNumber }: { intent: PaymentIntent; orNumber: string | null }) {
  switch (intent.status) {
    case 'awaiting_payment':
      return <div className="notice" data-testid="gateway-state" data-state="waiting">Waiting for payment…</div>;
    case 'succeeded':
      return (
        <div className="notice" data-testid="gateway-state" data-state="paid" style={{ background: '#e3f5e9', color: '#14532d', fontWeight: 700 }}>
          Paid — {orNumber ?? 'issuing the receipt…'}
        </div>
      );
    case 'failed':
      return <div className="error-box" data-testid="gateway-state" data-state="failed">Failed{intent.failureReason ? ` — ${intent.failureReason}` : ''}</div>;
    case 'expired':
      return <div className="error-box" data-testid="gateway-state" data-state="expired">Expired — the code was not paid in time. Start again or take another tender.</div>;
    case 'cancelled':
      return <div className="error-box" data-testid="gateway-state" data-state="cancelled">Cancelled.</div>;
  }
}

/** One gateway payment: the QR, the amount, the live state, Verify now and Cancel. */
function GatewayPaymentDialog({ body, onClose, onPaid }: { body: IntentBody; onClose: () => void; onPaid: (r: SettlementResponse) => void }) {
  const g = useGatewayPayment();
  const { start } = g;
  // One intent per opening of the dialog, for the body it was opened with.
  const opened = useRef(body);
  useEffect(() => {
    void start(opened.current);
  }, [start]);
  const intent = g.intent;
  const left = useSecondsLeft(intent?.status === 'awaiting_payment' ? intent.expiresAt : undefined);
  const waiting = intent?.status === 'awaiting_payment';
  const close = () => {
    if (g.receipt) onPaid(g.receipt);
    else onClose();
  };
  return (
    // While it waits, only Cancel ends it: closing the dialog must not leave a code the
    // customer can still pay with nobody watching.
    <Modal label={`${LABEL[body.tender.method]} payment`} onClose={close} busy={g.busy !== null || waiting} wide testId="gateway-dialog">
      <div style={{ display: 'grid', gridTemplateColumns: 'auto 1fr', gap: '1.2rem', alignItems: 'center' }}>
        <div style={{ display: 'grid', placeItems: 'center', minWidth: 300 }}>
          {intent?.status === 'succeeded' ? (
            <div style={{ width: 300, height: 300, display: 'grid', placeItems: 'center', borderRadius: 12, background: '#e3f5e9', color: '#14532d', fontSize: '6rem', fontWeight: 800 }} aria-hidden>
              ✓
            </div>
          ) : intent?.qr && intent.status === 'awaiting_payment' ? (
            <QrImage payload={intent.qr.payload} />
          ) : intent && intent.status !== 'awaiting_payment' ? (
            <div style={{ width: 300, height: 300, display: 'grid', placeItems: 'center', borderRadius: 12, background: '#fdecea', color: '#8f1c13', fontSize: '5rem', fontWeight: 800 }} aria-hidden>
              ✕
            </div>
          ) : intent ? (
            <div className="notice" style={{ width: 280 }} data-testid="gateway-no-qr">
              {body.tender.method === 'card'
                ? 'Card payment: the customer pays on the gateway’s card page; this screen follows it.'
                : `${LABEL[body.tender.method]}: the customer completes the payment in the ${LABEL[body.tender.method]} app from the gateway’s link; this screen follows it.`}
            </div>
          ) : (
            <div style={{ width: 300, height: 300, display: 'grid', placeItems: 'center' }} className="muted">
              {g.busy === 'creating' ? 'Asking the gateway for a code…' : ''}
            </div>
          )}
        </div>
        <div style={{ display: 'flex', flexDirection: 'column', gap: '0.6rem' }}>
          <h2 style={{ margin: 0 }}>{LABEL[body.tender.method]}</h2>
          <div>
            Amount <Money value={body.amount} className="amount-xl" testId="gateway-amount" />
          </div>
          {intent && <StateLine intent={intent} orNumber={g.orNumber} />}
          {waiting && left !== null && (
            <div className="muted small">
              Code expires in {Math.floor(left / 60)}:{String(left % 60).padStart(2, '0')} · gateway ref <span className="mono">{intent.gatewayIntentId}</span>
            </div>
          )}
          {g.error !== null && (
            <div className="error-box" role="alert" data-testid="gateway-error">
              {friendlyError(g.error)}
            </div>
          )}
          <div style={{ display: 'flex', gap: '0.5rem', flexWrap: 'wrap', marginTop: '0.4rem' }}>
            {waiting && (
              <>
                <button type="button" className="btn" onClick={() => void g.verify()} disabled={g.busy !== null} data-testid="gateway-verify">
                  {g.busy === 'verifying' ? 'Checking…' : 'Verify now'}
                </button>
                <button type="button" className="btn btn-danger" onClick={() => void g.cancel()} disabled={g.busy !== null} data-testid="gateway-cancel">
                  Cancel
                </button>
              </>
            )}
            {!intent && g.error !== null && (
              <button type="button" className="btn btn-primary" onClick={() => void start(body)} disabled={g.busy !== null}>
                Try again
              </button>
            )}
            {g.receipt ? (
              <button type="button" className="btn btn-primary btn-large" onClick={() => onPaid(g.receipt!)} data-testid="gateway-done">
                Show receipt
              </button>
            ) : (
              !waiting && (
                <button type="button" className="btn" onClick={onClose} data-testid="gateway-close">
                  Close
                </button>
              )
            )}
          </div>
          <div className="muted small">Customer pays {formatPeso(body.amount)} by scanning the code with their phone. The receipt prints when the gateway confirms.</div>
        </div>
      </div>
    </Modal>
  );
}
