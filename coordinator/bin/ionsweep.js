#!/usr/bin/env node
// Thin launcher so the bin link exists before the first build; the CLI itself is compiled TypeScript.
import { main } from '../dist/cli/main.js';

// `ionsweep … | head` closes the pipe early: that is the reader's choice, not an error.
process.stdout.on('error', (err) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});

// grpc-js sends the target host as the TLS server name; for an IP address (a coordinator reached
// as 127.0.0.1:50051 with an IP in its certificate) Node warns (DEP0123) on every connection.
// The certificate is still checked against the IP, so that one warning is noise; others stay.
process.removeAllListeners('warning');
process.on('warning', (w) => {
  if (w.code !== 'DEP0123') process.stderr.write(`${w.name}: ${w.message}\n`);
});

process.exitCode = await main(process.argv.slice(2));
