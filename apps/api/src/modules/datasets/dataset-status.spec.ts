import { describe, expect, it } from '@jest/globals';
import { DATASET_STATUSES, nextStatus, TRANSITIONS, type DatasetEvent } from './dataset-status.js';

describe('dataset status table', () => {
  it('follows the DESIGN.md life cycle', () => {
    expect(nextStatus('DRAFT', 'UPLOAD')).toBe('CLASSIFYING');
    expect(nextStatus('CLASSIFYING', 'CLASSIFIED_TRADEABLE')).toBe('TRADEABLE');
    expect(nextStatus('CLASSIFYING', 'CLASSIFIED_AMBIGUOUS')).toBe('IN_REVIEW');
    expect(nextStatus('CLASSIFYING', 'CLASSIFIED_UNTRADEABLE')).toBe('UNTRADEABLE');
    expect(nextStatus('IN_REVIEW', 'APPROVE')).toBe('TRADEABLE');
    expect(nextStatus('IN_REVIEW', 'REJECT')).toBe('REJECTED');
    expect(nextStatus('TRADEABLE', 'PUBLISH')).toBe('PUBLISHED');
    expect(nextStatus('PUBLISHED', 'SUSPEND')).toBe('SUSPENDED');
  });

  it('never publishes what is not tradeable', () => {
    for (const status of DATASET_STATUSES) {
      expect(nextStatus(status, 'PUBLISH')).toBe(status === 'TRADEABLE' ? 'PUBLISHED' : null);
    }
  });

  it('only lets reviewers decide what is in review', () => {
    for (const status of DATASET_STATUSES.filter((s) => s !== 'IN_REVIEW')) {
      expect(nextStatus(status, 'APPROVE')).toBeNull();
      expect(nextStatus(status, 'REJECT')).toBeNull();
    }
  });

  it('reclassifies a new version from every settled state, never twice at once', () => {
    for (const status of DATASET_STATUSES) {
      expect(nextStatus(status, 'UPLOAD')).toBe(status === 'CLASSIFYING' ? null : 'CLASSIFYING');
    }
  });

  it('reclassifies with new consent, except a published listing, which stays published', () => {
    expect(nextStatus('DRAFT', 'CONSENT_ATTACHED')).toBeNull();
    expect(nextStatus('CLASSIFYING', 'CONSENT_ATTACHED')).toBeNull();
    expect(nextStatus('UNTRADEABLE', 'CONSENT_ATTACHED')).toBe('CLASSIFYING');
    expect(nextStatus('PUBLISHED', 'CONSENT_ATTACHED')).toBe('PUBLISHED');
  });

  it('only takes verdicts while classifying', () => {
    const verdicts: DatasetEvent[] = ['CLASSIFIED_TRADEABLE', 'CLASSIFIED_AMBIGUOUS', 'CLASSIFIED_UNTRADEABLE'];
    for (const status of DATASET_STATUSES) {
      for (const event of verdicts) {
        expect(nextStatus(status, event) !== null).toBe(status === 'CLASSIFYING');
      }
    }
    expect(Object.keys(TRANSITIONS).sort()).toEqual([...DATASET_STATUSES].sort());
  });

  it('sends a classification that failed for good back to a draft, which a new upload recovers', () => {
    for (const status of DATASET_STATUSES) {
      expect(nextStatus(status, 'CLASSIFICATION_FAILED')).toBe(status === 'CLASSIFYING' ? 'DRAFT' : null);
    }
    expect(nextStatus(nextStatus('CLASSIFYING', 'CLASSIFICATION_FAILED')!, 'UPLOAD')).toBe('CLASSIFYING');
  });
});
