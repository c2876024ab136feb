// A local SMTP sink for bench/send (child process, so the sender's memory is measured alone):
// accepts every message, keeps nothing, prints its port, counts what it took.
import { SMTPServer } from 'smtp-server';

let accepted = 0;
const server = new SMTPServer({
  authOptional: true, disabledCommands: ['AUTH', 'STARTTLS'], logger: false, maxClients: 256,
  onData(stream, _session, cb) {
    stream.on('data', () => {});
    stream.on('end', () => { accepted++; cb(null, 'Ok'); });
  },
});
server.listen(0, '127.0.0.1', () => process.stdout.write(`${server.server.address().port}\n`));
process.on('message', (m) => { if (m === 'count') process.send({ accepted }); });
process.on('disconnect', () => server.close(() => process.exit(0)));
