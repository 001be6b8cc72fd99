import { json } from '../../http/reply';
import type { Router } from '../../http/router';
import type { SalesforceContext } from '../salesforceContext';

/** `GET /limits`: the org's limits; DailyApiRequests is live, the others are a Developer Edition's maxima. */
export function registerLimitRoutes(router: Router<SalesforceContext>): void {
  router.add('GET', '/limits', (_request, context) => {
    const usage = (max: number, used = 0) => ({ Max: max, Remaining: Math.max(0, max - used) });
    return json(200, {
      DailyApiRequests: usage(context.dailyApiLimit, context.apiUsage),
      DailyBulkApiBatches: usage(15_000),
      DailyBulkV2QueryFileStorageMB: usage(976_562),
      DailyBulkV2QueryJobs: usage(10_000),
      DataStorageMB: usage(5),
      FileStorageMB: usage(20),
      HourlyODataCallout: usage(10_000),
      SingleEmail: usage(15),
      ConcurrentAsyncGetReportInstances: usage(200),
    });
  });
}
