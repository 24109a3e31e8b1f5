import { registerApprovalRoutes } from '../approval/approval.routes.ts';
import { registerQualityRoutes } from '../quality/quality.routes.ts';
import { registerReconciliationRoutes } from '../reconciliation/reconciliation.routes.ts';
import { OpenAPIHono } from '@hono/zod-openapi';
import { requestId } from 'hono/request-id';
import { registerAnalyticsRoutes } from '../analytics/analytics.routes.ts';
import { lazyLiveCube } from '../analytics/analytics.store.ts';
import { registerAccessPages } from '../access/access-pages.routes.ts';
import { registerSessionRoutes } from '../access/session.routes.ts';
import { registerUserRoutes } from '../access/users.routes.ts';
import { registerCatalogueRoutes } from '../catalogue/catalogue.routes.ts';
import { registerDataRoutes } from '../data/data.routes.ts';
import { registerDiagnosticsRoutes } from '../diagnostics/diagnostics.routes.ts';
import { registerEvaluationRoutes } from '../evaluation/evaluation.routes.ts';
import { registerGeographyRoutes } from '../geography/geography.routes.ts';
import { registerBoundaryRoutes } from '../geography/boundaries.routes.ts';
import { registerInterventionRoutes } from '../interventions/interventions.routes.ts';
import { CSRF_HEADER, SESSION_COOKIE } from '../access/session-cookie.ts';
import { ValidationError } from '../kernel/errors.ts';
import type { AppDeps, AppEnv } from './app-env.ts';
import { SILENT_LOGGER } from './app-logger.ts';
import { registerDocsRoutes } from './docs.routes.ts';
import { errorResponse } from './error-response.ts';
import { registerHealthRoutes } from './health.routes.ts';
import { landingPage } from './landing.routes.ts';
import { OPENAPI_INFO } from './openapi-info.ts';
import { resolvePrincipal } from './principal.ts';
import { requestLimits } from './request-limits.ts';
import { connectionFacts } from './client-address.ts';
import { requestLog } from './request-log.ts';
import { securityHeaders } from './security-headers.ts';
import { registerWebAppRoutes } from './web-app.routes.ts';

/** Builds the HTTP application; the caller serves it (or calls `app.request` in tests). */
export function createApp(deps: AppDeps): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) {
        throw new ValidationError(
          'The request is not valid.',
          result.error.issues.map((issue) => ({
            field: issue.path.join('.'),
            message: issue.message,
          })),
        );
      }
    },
  });
  const logger = deps.logger ?? SILENT_LOGGER;
  const trustProxy = deps.trustProxy ?? false;
  app.use('*', requestId());
  app.use('*', connectionFacts(trustProxy));
  app.use('*', requestLog(logger));
  app.use('*', securityHeaders({ trustProxy }));
  app.use('*', requestLimits());
  app.use('*', resolvePrincipal(deps.store, deps.adminToken));
  app.onError((error, c) => errorResponse(error, c, logger));
  app.notFound((c) =>
    c.json({ error: { code: 'not_found', message: `No route for ${c.req.method} ${c.req.path}` } }, 404),
  );

  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer' });
  app.openAPIRegistry.registerComponent('securitySchemes', 'session', {
    type: 'apiKey',
    in: 'cookie',
    name: SESSION_COOKIE,
    description: `the session cookie set by POST /api/session; requests that change anything also send ${CSRF_HEADER}`,
  });
  registerHealthRoutes(app, deps);
  registerSessionRoutes(app, deps);
  registerUserRoutes(app, deps);
  registerGeographyRoutes(app, deps);
  registerBoundaryRoutes(app, deps);
  registerCatalogueRoutes(app, deps);
  registerDataRoutes(app, deps);
  registerApprovalRoutes(app, deps);
  registerReconciliationRoutes(app, deps);
  registerQualityRoutes(app, deps);
  // One live cube for every feature that reads indicators (analytics, diagnostics, evaluation).
  const analytics = deps.analytics ?? lazyLiveCube(deps.store);
  registerAnalyticsRoutes(app, deps, analytics);
  registerDiagnosticsRoutes(app, deps, analytics);
  registerEvaluationRoutes(app, deps);
  registerInterventionRoutes(app, deps, analytics);
  registerDocsRoutes(app);
  registerWebAppRoutes(app, deps.webApp, landingPage(deps));
  registerAccessPages(app, deps);
  return app;
}

export function openApiDocument(app: OpenAPIHono<AppEnv>) {
  return app.getOpenAPI31Document(OPENAPI_INFO);
}
