// Entry point of worker threads: registers tsx's loader inside the worker (workers do
// not inherit the parent's --import hooks), then runs the TypeScript module named in
// workerData.entry.
import { register } from 'tsx/esm/api';
import { workerData } from 'node:worker_threads';

register();
await import(workerData.entry);
