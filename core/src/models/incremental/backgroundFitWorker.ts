/** Worker thread entry of incrementalInBackground (backgroundFit.ts): one fit, answered as data. */
import { answerSyncCaller, syncWorkerRequest } from '../../util/syncWorker';
import { incrementalAttribution } from '.';
import type { BackgroundAnswer } from './backgroundFit';
import type { BackgroundStart } from './fitHelperProtocol';
import { trace } from '../../util/trace';

const { table, seed } = syncWorkerRequest<BackgroundStart>();
let answer: BackgroundAnswer;
trace('incremental: background fit starts');
try {
  answer = { attribution: incrementalAttribution(table, { bootstrapSamples: 0, seed }) };
} catch (error) {
  answer = { failure: (error as Error).stack ?? String(error) };
}
answerSyncCaller(answer);
