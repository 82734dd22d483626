/** The inspect sub-action's bundle entry: inspect/action.yml loads dist/inspect/index.js. */
import { runInspect } from './edges/inspect-action';

void runInspect();
