#!/usr/bin/env node
// The `cgq` executable.
import { hideBin } from 'yargs/helpers';
import { runCli } from './cli.js';

const code = await runCli(hideBin(process.argv));
process.exit(code);
