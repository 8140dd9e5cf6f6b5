import { applyFeedback } from './feedback.js';
import type { Feedback, FeedbackOutcome } from './feedback.js';
import type { Lead } from './lead.js';
import type { QualificationDefinition } from './qualification.js';
import { DEFAULT_WATERFALL } from './waterfall.js';

// Realistic sample data for demos, tests and benchmarks: pure, seeded, no I/O.

export interface SeedOptions {
  /** How many leads. */
  leads: number;
  /** The random seed: the same seed and options give the same data. Default 1. */
  seed?: number;
  /** The newest a lead can be; default now. */
  now?: Date;
  /** Leads are created over this many days before `now`; default 180. */
  days?: number;
  /** Lead ids are `${prefix}000001`…; default `L-`. */
  idPrefix?: string;
  /** Leads per yielded batch; default 1000. */
  batchSize?: number;
  /**
   * Share of inquiries marketing qualifies, before each source's quality factor; default 0.32, so
   * a demo has plenty past the hand-off. Published waterfalls put it at 4–10%: see BENCHMARK_INQUIRY_TO_MQL.
   */
  inquiryToMql?: number;
}

export interface SeedBatch {
  leads: Lead[];
  feedback: Feedback[];
}

/** mulberry32: a tiny, fast, seedable PRNG; plenty for demo data. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Weighted<T> = readonly (readonly [T, number])[];

function pickWeighted<T>(random: () => number, items: Weighted<T>): T {
  const total = items.reduce((sum, [, w]) => sum + w, 0);
  let r = random() * total;
  for (const [item, w] of items) if ((r -= w) < 0) return item;
  return items[items.length - 1]![0];
}

const pick = <T>(random: () => number, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

/** A log-normal draw with the given median: response times have a long right tail. */
function logNormal(random: () => number, median: number, sigma: number): number {
  const u = Math.max(random(), 1e-12), v = random();
  const normal = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  return median * Math.exp(sigma * normal);
}

/**
 * Sources with their share of leads, their campaigns, and a quality factor that scales every
 * conversion: referrals convert best, syndicated content worst, as in most B2B funnels.
 */
const SOURCES: readonly { source: string; share: number; quality: number; campaigns: readonly string[] }[] = [
  { source: 'Paid Search', share: 24, quality: 0.9, campaigns: ['Brand Search', 'Competitor Keywords', 'Pipeline Software Search'] },
  { source: 'Organic Search', share: 18, quality: 1.0, campaigns: ['Blog', 'Pricing Page'] },
  { source: 'Webinar', share: 14, quality: 1.1, campaigns: ['Revenue Ops Webinar', 'Lead Scoring Masterclass'] },
  { source: 'Content Syndication', share: 14, quality: 0.6, campaigns: ['Analyst Report Syndication', 'Buyer Guide eBook'] },
  { source: 'Trade Show', share: 10, quality: 0.85, campaigns: ['SaaStr Booth', 'Dreamforce Booth'] },
  { source: 'Partner Referral', share: 8, quality: 1.5, campaigns: ['Partner Program'] },
  { source: 'Outbound', share: 12, quality: 0.8, campaigns: ['Q-Sequence Enterprise', 'Q-Sequence Mid-Market'] },
];

/**
 * Stage-to-stage conversion before the source factor, in the range B2B demand-waterfall
 * benchmarks report (SiriusDecisions/Forrester waterfall studies, Marketo and Salesforce
 * benchmark reports): inquiry→MQL a few tens of percent, MQL→SQL in the low tens, SQL→opportunity
 * about half, opportunity→won about a quarter.
 */
const RATES = { inquiryToMql: 0.32, accept: 0.5, acceptToQualify: 0.45, sqlToOpportunity: 0.55, opportunityToWon: 0.27 };
/** Share of handed-off leads sales ever touches (reported anywhere from 10–25% to ~70% with an SLA). */
const TOUCH_RATE = 0.72;
/** Minutes to first touch: median and spread of a log-normal; about a third land inside a 5-minute SLA. */
const TOUCH_MEDIAN_MIN = 14;
const TOUCH_SIGMA = 1.6;

const REJECT_REASONS: Weighted<string> = [
  ['unresponsive', 30], ['not-interested', 16], ['no-recollection', 12], ['not-decision-maker', 10], ['bad-data', 9],
  ['poor-fit', 8], ['duplicate', 5], ['existing-customer', 4], ['competitor', 3], ['spam', 3],
];
const RECYCLE_REASONS: Weighted<string> = [['bad-timing', 45], ['no-budget', 35], ['unresponsive', 20]];

const OWNERS = ['Ana Ruiz', 'Ben Okafor', 'Chloé Martin', 'Dev Patel', 'Emma Lindqvist', 'Farid Haddad', 'Grace Kim', 'Hugo Becker'];
const FIRST = ['Alex', 'Sam', 'Jordan', 'Taylor', 'Morgan', 'Riley', 'Casey', 'Jamie', 'Robin', 'Avery', 'Noah', 'Mia', 'Liam', 'Sofia', 'Lucas', 'Aisha', 'Kenji', 'Priya', 'Mateo', 'Zoe'];
const LAST = ['Smith', 'Garcia', 'Müller', 'Nguyen', 'Kowalski', 'Rossi', 'Johnson', 'Tanaka', 'Dubois', 'Silva', 'Andersen', 'Brown', 'Novak', 'Ali', 'Chen'];
const COMPANIES = ['Acme Logistics', 'Northwind Traders', 'Globex', 'Initech', 'Umbrella Health', 'Stark Components', 'Wayne Freight', 'Hooli Cloud',
  'Vandelay Imports', 'Soylent Foods', 'Tyrell Robotics', 'Cyberdyne Analytics', 'Wonka Confectionery', 'Oscorp Energy', 'Aperture Labs', 'Gringotts Finance'];
const NOTES_REJECT = ['Left two voicemails, no answer.', 'Student doing research.', 'Wrong number on the form.', 'Already talking to our AE.', 'Says they never filled in a form.'];
const NOTES_ACCEPT = ['Good fit, demo booked.', 'Asked for pricing.', 'Evaluating vendors this quarter.'];

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** A definition to start from: what MQL, SAL and SQL mean, with BANT-style criteria. Unapproved. */
export function demoDefinition(): QualificationDefinition {
  return {
    id: 'default',
    version: 1,
    approvals: [],
    stages: {
      mql: {
        threshold: 0.6,
        criteria: [
          { id: 'icp-fit', label: 'Company matches the ideal customer profile', help: '50–5,000 employees, B2B, a supported region.', required: true, weight: 2 },
          { id: 'engaged', label: 'Engaged with two or more assets in 30 days', weight: 1 },
          { id: 'valid-contact', label: 'Business email and phone are valid', required: true, weight: 1 },
        ],
      },
      sal: {
        threshold: 0.5,
        criteria: [
          { id: 'reached', label: 'Reached by phone or email', required: true },
          { id: 'need-confirmed', label: 'Confirmed a problem we solve' },
          { id: 'not-customer', label: 'Not an existing customer or partner', required: true },
        ],
      },
      sql: {
        threshold: 0.75,
        criteria: [
          { id: 'budget', label: 'Budget identified', help: 'A budget exists or can be found this fiscal year.' },
          { id: 'authority', label: 'Talking to the decision maker or their sponsor', required: true },
          { id: 'need', label: 'Need is urgent and specific', required: true },
          { id: 'timeline', label: 'Decision expected within 6 months' },
        ],
      },
    },
  };
}

/**
 * Generates realistic leads and their feedback in batches: sources and campaigns with different
 * quality, owners, stage drop-off near published benchmarks, feedback with reasons and ratings,
 * first touches inside and outside the SLA, and recent leads still waiting. Feedback is applied
 * with core's applyFeedback, so every lead is exactly what the store would make of it.
 */
export function* generateSeed(options: SeedOptions): Generator<SeedBatch> {
  const count = Math.max(0, Math.floor(options.leads));
  const random = prng(options.seed ?? 1);
  const nowMs = (options.now ?? new Date()).getTime();
  const spanMs = (options.days ?? 180) * DAY;
  const prefix = options.idPrefix ?? 'L-';
  const batchSize = options.batchSize ?? 1000;
  const width = Math.max(6, String(count).length);
  const iso = (ms: number) => new Date(ms).toISOString();
  const inquiryToMql = options.inquiryToMql ?? RATES.inquiryToMql;
  let feedbackSeq = 0;
  let batch: SeedBatch = { leads: [], feedback: [] };

  for (let n = 1; n <= count; n++) {
    const source = pickWeighted(random, SOURCES.map((s) => [s, s.share] as const));
    const q = source.quality;
    const first = pick(random, FIRST), last = pick(random, LAST), company = pick(random, COMPANIES);
    const createdMs = nowMs - Math.floor(random() * spanMs);
    let lead: Lead = {
      id: `${prefix}${String(n).padStart(width, '0')}`,
      name: `${first} ${last}`,
      company,
      email: `${first}.${last}@${company.toLowerCase().replace(/[^a-z]+/g, '')}.example`.toLowerCase(),
      source: source.source,
      campaign: pick(random, source.campaigns),
      owner: pick(random, OWNERS),
      createdAt: iso(createdMs),
      stage: 'inquiry',
      stageHistory: [{ stage: 'inquiry', at: iso(createdMs) }],
      firstTouchAt: null,
      exit: null,
    };
    const feedback: Feedback[] = [];
    const give = (outcome: FeedbackOutcome, atMs: number, extra: Partial<Feedback> = {}) => {
      const f: Feedback = { id: `fb_seed_${prefix}${++feedbackSeq}`, leadId: lead.id, outcome, by: lead.owner!, at: iso(atMs), ...extra };
      lead = applyFeedback(lead, f, DEFAULT_WATERFALL);
      feedback.push(f);
    };

    // Marketing qualifies some inquiries within three days; nurture takes the rest.
    const mqlMs = createdMs + Math.floor(random() * 3 * DAY);
    if (random() < Math.min(0.9, inquiryToMql * q) && mqlMs < nowMs) {
      lead.stage = 'mql';
      lead.stageHistory!.push({ stage: 'mql', at: iso(mqlMs) });
      lead.handedOffAt = iso(mqlMs);
      const touchMs = mqlMs + Math.floor(logNormal(random, TOUCH_MEDIAN_MIN, TOUCH_SIGMA) * 60_000);
      if (random() < TOUCH_RATE && touchMs < nowMs) {
        let at = touchMs;
        // Often a call attempt or two comes before the verdict.
        const attempts = random() < 0.45 ? 1 + Math.floor(random() * 2) : 0;
        for (let i = 0; i < attempts && at < nowMs; i++) {
          give('attempted', at);
          at += Math.floor((2 + random() * 46) * HOUR);
        }
        at = Math.min(at, nowMs - 1);
        const verdict = random();
        if (verdict < Math.min(0.9, RATES.accept * q)) {
          give('accepted', at, { rating: 3 + Math.floor(random() * 3), ...(random() < 0.3 ? { note: pick(random, NOTES_ACCEPT) } : {}) });
          const later = Math.min(at + Math.floor((1 + random() * 10) * DAY), nowMs - 1);
          if (random() < Math.min(0.9, RATES.acceptToQualify * q)) {
            give('qualified', later, { rating: 4 + Math.floor(random() * 2) });
            const oppMs = later + Math.floor((3 + random() * 20) * DAY);
            if (random() < RATES.sqlToOpportunity && oppMs < nowMs) {
              lead = { ...lead, stage: 'opportunity', stageHistory: [...lead.stageHistory!, { stage: 'opportunity', at: iso(oppMs) }] };
              const closeMs = oppMs + Math.floor((10 + random() * 50) * DAY);
              if (closeMs < nowMs) {
                if (random() < RATES.opportunityToWon) {
                  lead = { ...lead, stage: 'won', stageHistory: [...lead.stageHistory!, { stage: 'won', at: iso(closeMs) }] };
                } else if (random() < 0.6) {
                  lead = { ...lead, exit: { kind: 'lost', reason: pick(random, ['competitor', 'no-budget', 'bad-timing']), at: iso(closeMs) } };
                }
              }
            }
          } else if (random() < 0.35) {
            give('recycled', later, { reason: pickWeighted(random, RECYCLE_REASONS), rating: 2 + Math.floor(random() * 2) });
          }
        } else if (verdict < Math.min(0.95, RATES.accept * q) + 0.32) {
          give('rejected', at, { reason: pickWeighted(random, REJECT_REASONS), rating: 1 + Math.floor(random() * 2), ...(random() < 0.25 ? { note: pick(random, NOTES_REJECT) } : {}) });
        } else {
          give('recycled', at, { reason: pickWeighted(random, RECYCLE_REASONS), rating: 2 + Math.floor(random() * 2) });
        }
      }
    }
    batch.leads.push(lead);
    batch.feedback.push(...feedback);
    if (batch.leads.length >= batchSize) {
      yield batch;
      batch = { leads: [], feedback: [] };
    }
  }
  if (batch.leads.length > 0) yield batch;
}

/** Inquiry→MQL in published B2B waterfalls (4–10% of inquiries); the benchmark uses it. */
export const BENCHMARK_INQUIRY_TO_MQL = 0.08;

/** All of generateSeed at once, for tests and benchmarks that want arrays. */
export function generateLeads(options: SeedOptions): SeedBatch {
  const all: SeedBatch = { leads: [], feedback: [] };
  for (const batch of generateSeed({ batchSize: 10_000, ...options })) {
    for (const lead of batch.leads) all.leads.push(lead);
    for (const f of batch.feedback) all.feedback.push(f);
  }
  return all;
}
