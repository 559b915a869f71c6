/** `node --import <this>`: record the modules a process imports (./import-hooks.ts). */
import { register } from 'node:module';

register('./import-hooks.js', import.meta.url);
