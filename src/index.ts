/** The bundle's entry: the runner loads dist/index.js, which runs the action once. */
import { run } from './edges/action';

void run();
