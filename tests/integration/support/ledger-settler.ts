/**
 * Child process for the OR-series race and crash tests: opens the store file on its
 * own connection and posts settlements as fast as it can, printing `OK <or> <id>`
 * to stdout only after each one has committed.
 * Usage: node --import tsx ledger-settler.ts <dbFile> <customerId> <count|forever> <cashierId>
 */
import { openTestStore } from './bir-setup.js';

const [file, customerId, countArg, cashierId] = process.argv.slice(2);
if (!file || !customerId || !countArg || !cashierId) {
  process.stderr.write('usage: ledger-settler <dbFile> <customerId> <count|forever> <cashierId>\n');
  process.exit(2);
}
const store = openTestStore({ file });
const actor = { id: cashierId, role: 'cashier' as const };
const count = countArg === 'forever' ? Number.POSITIVE_INFINITY : Number(countArg);
const methods = ['cash', 'card', 'gcash', 'maya'] as const;
for (let i = 0; i < count; i++) {
  const amount = 1_000 + Math.floor(Math.random() * 11_000);
  const r = store.settlements.settle(
    {
      customerId,
      amount,
      tender: { method: methods[i % methods.length]!, ...(i % 4 === 0 ? { tendered: amount + 500 } : {}) },
      allocation: { strategy: i % 2 === 0 ? 'oldest_first' : 'largest_first' },
    },
    actor,
    { idempotencyKey: `${cashierId}-${i}-${process.pid}` },
  );
  process.stdout.write(`OK ${r.settlement.or_number} ${r.settlement.id}\n`);
}
store.close();
