/** `GET /api/approval/summary` and `POST /api/data-values/status`, as the approval page uses them. */
import type { paths } from '../../api/schema';
import { writeOptions, type Session } from '../../api/session.ts';

export type ApprovalSummary =
  paths['/api/approval/summary']['get']['responses'][200]['content']['application/json'];
export type SummaryRow = ApprovalSummary['rows'][number];
export type SummaryCell = SummaryRow['cells'][number];
export type StatusCounts = SummaryCell['own'];
export type ValueStatus = keyof StatusCounts;
export type MoveRequest = NonNullable<
  paths['/api/data-values/status']['post']['requestBody']
>['content']['application/json'];
type OrderRefusal =
  paths['/api/data-values/status']['post']['responses'][409]['content']['application/json']['error'];
export type BlockingValues = OrderRefusal['blocking'][number];

/** A refusal of the API: its status, message, and for an out-of-order move the values in the way. */
export class MoveRefused extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly order?: Pick<OrderRefusal, 'order' | 'blocking' | 'blockingTotal'>,
  ) {
    super(message);
  }
}

export async function fetchSummary(orgUnit: string, from: string, to: string): Promise<ApprovalSummary> {
  const query = new URLSearchParams({ orgUnit, from, to });
  const response = await fetch(`/api/approval/summary?${query.toString()}`, {
    credentials: 'same-origin',
    cache: 'no-store',
  });
  const answer = (await response.json().catch(() => ({}))) as
    ApprovalSummary | { error?: { message?: string } };
  if (response.ok) return answer as ApprovalSummary;
  throw new MoveRefused(
    (answer as { error?: { message?: string } }).error?.message ?? `HTTP ${response.status}`,
    response.status,
  );
}

export async function moveValues(session: Session | undefined, request: MoveRequest): Promise<number> {
  const options = writeOptions(session);
  const response = await fetch('/api/data-values/status', {
    method: 'POST',
    ...options,
    headers: { ...options.headers, 'content-type': 'application/json' },
    body: JSON.stringify(request),
  });
  const answer = (await response.json().catch(() => ({}))) as {
    moved?: number;
    error?: Partial<OrderRefusal>;
  };
  if (response.ok) return answer.moved ?? 0;
  const error = answer.error;
  throw new MoveRefused(
    error?.message ?? `HTTP ${response.status}`,
    response.status,
    response.status === 409 && error?.blocking !== undefined && error.order !== undefined
      ? {
          order: error.order,
          blocking: error.blocking,
          blockingTotal: error.blockingTotal ?? error.blocking.length,
        }
      : undefined,
  );
}
