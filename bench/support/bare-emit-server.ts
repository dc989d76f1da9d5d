// The baseline of bench/fanout: a bare Socket.IO server that, on POST /emit, does one
// `io.emit('payment_status_updated', payload)` to every connected client — no auth,
// no scope, no database. Prints `{"ready":PORT}` once listening.
import { createServer } from 'node:http';
import { Server } from 'socket.io';

const server = createServer((req, res) => {
  if (req.method !== 'POST' || req.url !== '/emit') {
    res.writeHead(404).end();
    return;
  }
  let body = '';
  req.on('data', (c: Buffer) => (body += c.toString()));
  req.on('end', () => {
    // The bench tags each emit with its own `seq` to pair it with its send time.
    const { transactionId, seq } = JSON.parse(body) as { transactionId: string; seq: number };
    io.emit('payment_status_updated', {
      transactionId,
      payment_status: 'partial',
      balance_amount: 99_000_000,
      paid_amount: 1_000_000 + (seq % 1000),
      customer_id: 'cus_0mwr6ascwKUlecWVdtinZJ',
      or_number: `OR-BENCH-${String(seq % 1e8).padStart(8, '0')}`,
      updatedBy: 'usr_0mwr6apsem6xwpIs4NorMh',
      timestamp: new Date().toISOString(),
      seq,
    });
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
  });
});
const io = new Server(server, { serveClient: false, maxHttpBufferSize: 64 * 1024 });
server.listen(0, '127.0.0.1', () => {
  const addr = server.address();
  process.stdout.write(`${JSON.stringify({ ready: typeof addr === 'object' && addr ? addr.port : 0 })}\n`);
});
process.on('SIGTERM', () => {
  void io.close();
  process.exit(0);
});
