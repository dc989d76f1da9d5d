import type { Db } from './connection.js';
import { customerQueries } from './customers.queries.js';
import { eventQueries } from './events.queries.js';
import { journalQueries } from './journal.queries.js';
import { ledgerQueries } from './ledger.queries.js';
import { readingQueries } from './readings.queries.js';
import { refundQueries } from './refunds.queries.js';
import { settlementQueries } from './settlements.queries.js';
import { shiftQueries } from './shifts.queries.js';
import { registerQueries } from './registers.queries.js';
import { idempotencyQueries, settingsQueries } from './store-config.queries.js';
import { transactionQueries } from './transactions.queries.js';
import { userQueries } from './users.queries.js';

/** Every aggregate's prepared statements, prepared once per connection. */
export function createQueries(db: Db) {
  return {
    customers: customerQueries(db),
    transactions: transactionQueries(db),
    settlements: settlementQueries(db),
    ledger: ledgerQueries(db),
    events: eventQueries(db),
    settings: settingsQueries(db),
    registers: registerQueries(db),
    idempotency: idempotencyQueries(db),
    users: userQueries(db),
    shifts: shiftQueries(db),
    readings: readingQueries(db),
    refunds: refundQueries(db),
    journal: journalQueries(db),
  };
}
export type Queries = ReturnType<typeof createQueries>;
