import { describe, expect, it } from 'vitest';
import { periodsAround, periodsWithin, workflowOrder, WorkflowOrderError } from './value-status.ts';

describe('the workflow order', () => {
  it('checks the units below before an approval or a publication, the units above before a withdrawal', () => {
    expect(workflowOrder('submitted', 'forward')).toBeUndefined();
    expect(workflowOrder('approved', 'forward')).toEqual({
      look: 'below',
      blockedBy: ['draft', 'submitted'],
    });
    expect(workflowOrder('published', 'forward')).toEqual({
      look: 'below',
      blockedBy: ['draft', 'submitted', 'approved'],
    });
    // returning a submission to draft is free; withdrawing an approval waits for the units above
    expect(workflowOrder('draft', 'back')).toBeUndefined();
    expect(workflowOrder('submitted', 'back')).toEqual({
      look: 'above',
      blockedBy: ['approved', 'published'],
    });
    expect(workflowOrder('approved', 'back')).toEqual({ look: 'above', blockedBy: ['published'] });
  });

  it('knows the periods within a period and around it', () => {
    expect(periodsWithin('2020')).toEqual([
      '2020',
      '2020-Q1',
      '2020-Q2',
      '2020-Q3',
      '2020-Q4',
      ...Array.from({ length: 12 }, (_, i) => `2020-${String(i + 1).padStart(2, '0')}`),
    ]);
    expect(periodsWithin('2020-Q2')).toEqual(['2020-Q2', '2020-04', '2020-05', '2020-06']);
    expect(periodsWithin('2020-11')).toEqual(['2020-11']);
    expect(periodsAround('2020-11')).toEqual(['2020-11', '2020-Q4', '2020']);
    expect(periodsAround('2020-Q1')).toEqual(['2020-Q1', '2020']);
    expect(periodsAround('2020')).toEqual(['2020']);
  });

  it('names what is in the way, and says how many more there are', () => {
    const blocking = Array.from({ length: 52 }, (_, i) => ({
      orgUnit: `MEX.${String(i + 1).padStart(2, '0')}`,
      period: '2020',
      status: 'submitted' as const,
      count: 1,
    }));
    const error = new WorkflowOrderError(
      { orgUnit: 'MEX', period: '2020', to: 'approved' },
      { look: 'below', blockedBy: ['draft', 'submitted'] },
      blocking,
    );
    expect(error.message).toMatch(
      /^MEX 2020 cannot be approved before the units below it \(bottom-up\): MEX\.01 2020: 1 submitted; /,
    );
    expect(error.message).toMatch(/; and 2 more$/);
    expect(error.details).toMatchObject({ order: 'below', blockingTotal: 52 });
    expect((error.details?.['blocking'] as unknown[]).length).toBe(50);
  });
});
