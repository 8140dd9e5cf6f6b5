import type { Feedback } from './feedback.js';
import type { Lead } from './lead.js';
import { DEFAULT_WATERFALL } from './waterfall.js';

/** A small deterministic generator (mulberry32): the same seed gives the same data set everywhere. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const SOURCES = ['web', 'webinar', 'event', 'paid-search', 'referral', 'content'];
const CAMPAIGNS = ['Spring launch', 'Pricing webinar', 'Trade show', 'Search brand', 'Partner referral', 'Buyer guide'];
const OWNERS = ['Avery Chen', 'Jordan Diaz', 'Sam Okafor', 'Riley Novak', 'Maya Singh'];
const FIRST = ['Ada', 'Grace', 'Alan', 'Katherine', 'Linus', 'Margaret', 'Tim', 'Radia', 'Ken', 'Barbara'];
const LAST = ['Lovelace', 'Hopper', 'Turing', 'Johnson', 'Torvalds', 'Hamilton', 'Berners-Lee', 'Perlman', 'Thompson', 'Liskov'];
const COMPANIES = ['Northwind', 'Contoso', 'Fabrikam', 'Globex', 'Initech', 'Umbrella', 'Stark Industries', 'Wayne Enterprises'];

/**
 * Share of each stage that moves on to the next, from published B2B waterfall benchmarks:
 * inquiry→MQL 4–10%, MQL→SAL about half, SAL→SQL about half, SQL→opportunity 60%,
 * opportunity→won a quarter.
 */
export const BENCHMARK_RATES: readonly number[] = [0.08, 0.5, 0.55, 0.6, 0.25];

/** The same with four times the benchmark's inquiries qualifying, so a small demo has leads past the hand-off. */
export const DEMO_RATES: readonly number[] = [0.35, 0.5, 0.55, 0.6, 0.25];
const REJECT_REASONS = ['unresponsive', 'not-interested', 'no-budget', 'poor-fit', 'not-decision-maker', 'bad-data', 'duplicate', 'no-recollection', 'competitor', 'spam'];
const RECYCLE_REASONS = ['bad-timing', 'no-budget', 'unresponsive'];

export interface SampleOptions {
  count: number;
  seed?: number;
  /** Leads are created over the 180 days before this time. */
  now?: Date;
  /** Also write feedback records (slower; the demo wants them, the benchmark does not). */
  withFeedback?: boolean;
  /** Stage-to-next conversion, one per stage but the last; default DEMO_RATES. */
  rates?: readonly number[];
}

const pick = <T>(random: () => number, list: readonly T[]): T => list[Math.floor(random() * list.length)]!;

/**
 * Realistic leads for demos and benchmarks on the default waterfall: sources, campaigns, owners,
 * stage drop-off, hand-off and first-touch times (some within a 5-minute SLA, many later, some
 * never), exits with reasons, and — on request — the feedback that explains them.
 */
export function generateLeads(options: SampleOptions): { leads: Lead[]; feedback: Feedback[] } {
  const random = seededRandom(options.seed ?? 42);
  const nowMs = (options.now ?? new Date('2026-06-30T12:00:00Z')).getTime();
  const stages = DEFAULT_WATERFALL.stages.map((s) => s.id);
  const rates = options.rates ?? DEMO_RATES;
  const leads: Lead[] = new Array(options.count);
  const feedback: Feedback[] = [];
  for (let i = 0; i < options.count; i++) {
    const createdMs = nowMs - Math.floor(random() * 180 * 86_400_000);
    let stage = 0;
    while (stage < stages.length - 1 && random() < rates[stage]!) stage++;
    const id = `L${(i + 1).toString().padStart(7, '0')}`;
    const name = `${pick(random, FIRST)} ${pick(random, LAST)}`;
    const company = pick(random, COMPANIES), source = pick(random, SOURCES), campaign = pick(random, CAMPAIGNS), owner = pick(random, OWNERS);
    const createdAt = new Date(createdMs).toISOString();
    if (stage === 0) {
      leads[i] = { id, name, company, source, campaign, owner, createdAt, stage: stages[0]! };
      continue;
    }
    const handoffMs = Math.min(nowMs, createdMs + Math.floor(random() * 3 * 86_400_000));
    // Minutes to first touch, log-normal around 20 minutes; a share of MQLs is never touched.
    const touched = stage > 1 || random() < 0.55;
    const delayMs = Math.floor(Math.exp(Math.log(20) + 1.6 * (random() + random() + random() - 1.5)) * 60_000);
    const firstTouchAt = touched && handoffMs + delayMs <= nowMs ? new Date(handoffMs + delayMs).toISOString() : null;
    const exitAt = new Date(Math.min(nowMs, handoffMs + delayMs + Math.floor(random() * 7 * 86_400_000))).toISOString();
    let exit: Lead['exit'] = null;
    if (stage === 1 && firstTouchAt && random() < 0.7) {
      const recycled = random() < 0.3;
      const reason = pick(random, recycled ? RECYCLE_REASONS : REJECT_REASONS);
      exit = { kind: recycled ? 'recycled' : 'disqualified', reason, at: exitAt };
      if (options.withFeedback) {
        feedback.push({ id: `fb-${id}`, leadId: id, outcome: recycled ? 'recycled' : 'rejected', reason, rating: 1 + Math.floor(random() * 3), by: owner, at: exitAt });
      }
    } else if (stage > 1 && stage < stages.length - 1 && random() < 0.5) {
      exit = { kind: 'lost', reason: pick(random, ['competitor', 'no-budget', 'bad-timing']), at: exitAt };
    }
    const handedOffAt = new Date(handoffMs).toISOString();
    if (options.withFeedback && stage > 1) {
      feedback.push({ id: `fa-${id}`, leadId: id, outcome: 'accepted', rating: 3 + Math.floor(random() * 3), by: owner, at: firstTouchAt ?? handedOffAt });
    }
    // One literal with every field, the shape JSON.parse gives a lead that arrives over the wire.
    leads[i] = { id, name, company, source, campaign, owner, createdAt, stage: stages[stage]!, handedOffAt, firstTouchAt, exit };
  }
  return { leads, feedback };
}
