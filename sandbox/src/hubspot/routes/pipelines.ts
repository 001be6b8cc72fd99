import { json } from '../../http/reply';
import type { Router } from '../../http/router';
import { notFound } from '../errors';
import type { HubSpotContext } from '../hubspotContext';
import { DEFAULT_DEAL_PIPELINE } from '../standardObjects';

function pipelineJson() {
  const at = new Date(0).toISOString();
  return {
    id: DEFAULT_DEAL_PIPELINE.id, label: DEFAULT_DEAL_PIPELINE.label, displayOrder: 0, archived: false, createdAt: at, updatedAt: at,
    stages: DEFAULT_DEAL_PIPELINE.stages.map((stage, displayOrder) => ({
      id: stage.id, label: stage.label, displayOrder, archived: false, createdAt: at, updatedAt: at, writePermissions: 'CRM_PERMISSIONS_ENFORCEMENT',
      metadata: { isClosed: stage.id === 'closedwon' || stage.id === 'closedlost' ? 'true' : 'false', probability: stage.probability },
    })),
  };
}

/** `GET /crm/v3/pipelines/deals[/{pipelineId}]`: the default sales pipeline with its stages. */
export function registerPipelineRoutes(router: Router<HubSpotContext>): void {
  router.add('GET', '/crm/v3/pipelines/:objectType', (request) => {
    if (!['deals', '0-3'].includes(request.params.objectType)) return json(200, { results: [] });
    return json(200, { results: [pipelineJson()] });
  });
  router.add('GET', '/crm/v3/pipelines/:objectType/:pipelineId', (request) => {
    if (!['deals', '0-3'].includes(request.params.objectType) || request.params.pipelineId !== DEFAULT_DEAL_PIPELINE.id) throw notFound(`Pipeline ${request.params.pipelineId} not found`);
    return json(200, pipelineJson());
  });
}
