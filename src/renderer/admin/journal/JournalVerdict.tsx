import type { JournalVerification } from '../../../shared/readings';
import { sentence } from './Summary';

/** The verifier's answer in words: all entries check out, or where the chain breaks and why. */
export function JournalVerdict({ v }: { v: JournalVerification }) {
  const n = (x: number) => x.toLocaleString('en-PH');
  if (v.ok) {
    return (
      <div className="verdict verdict-ok" role="status" data-testid="journal-verdict" data-ok="true">
        <strong>Chain OK.</strong> All {n(v.entries)} entries verified: every entry matches its hash and links to the one before it.
      </div>
    );
  }
  return (
    <div className="verdict verdict-bad" role="alert" data-testid="journal-verdict" data-ok="false">
      <strong>Chain broken at entry #{v.firstBroken?.seq}.</strong> {sentence(v.firstBroken?.reason ?? '')}
      {v.entries > 0 && ` The ${n(v.entries)} ${v.entries === 1 ? 'entry' : 'entries'} before it check out.`}
    </div>
  );
}
