import { run } from './edges/action';

// The bundle's entry: the runner loads dist/index.js, which runs the action once.
void run();
