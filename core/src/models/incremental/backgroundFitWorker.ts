/**
 * Worker thread entry of incrementalInBackground (backgroundFit.ts): boots its own helper thread
 * at once (the fit splits over two threads, fitHelper.ts), then fits the table it is sent and
 * answers the attribution, or the failure as data.
 */
import { serveSyncRequests } from '../../util/syncWorker';
import { trace } from '../../util/trace';
import { incrementalAttribution } from '.';
import type { BackgroundAnswer } from './backgroundFit';
import type { BackgroundRequest } from './fitHelperProtocol';
import { prestartFitHelper } from './fitHelper';

prestartFitHelper();
serveSyncRequests<BackgroundRequest, BackgroundAnswer>(({ table, seed }) => {
  trace('incremental: background fit starts');
  try {
    return { answer: { attribution: incrementalAttribution(table, { bootstrapSamples: 0, seed }) } };
  } catch (error) {
    return { answer: { failure: (error as Error).stack ?? String(error) } };
  }
});
