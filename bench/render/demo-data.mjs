// Deterministic demo data for the render bench and the portal screenshots: the same leads and
// feedback on every run (seeded PRNG), shaped like a B2B funnel (Inquiry → … → Won).

/** Mulberry32: a tiny seeded PRNG, so every run draws the same leads. */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const STAGES = ['inquiry', 'mql', 'sal', 'sql', 'opportunity', 'won'];
// Share of each stage that moves on to the next.
const CONVERT = [0.56, 0.7, 0.52, 0.45, 0.33];
const SOURCES = ['webinar', 'paid-search', 'trade-show', 'content', 'referral'];
const CAMPAIGNS = ['Spring webinar series', 'Q1 paid search', 'DMEXCO booth', 'Pricing guide', 'Partner referrals'];
const OWNERS = ['a.kim', 'b.meyer', 'c.lopez', 'd.okafor'];
const REASONS = { disqualified: ['poor-fit', 'no-budget', 'spam', 'bad-data', 'competitor'], recycled: ['bad-timing', 'unresponsive', 'not-decision-maker'], lost: ['no-budget', 'competitor', 'not-interested'] };
const MIN = 60_000;

const pick = (rnd, list) => list[Math.floor(rnd() * list.length)];
const iso = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/**
 * Leads created between from and to (ISO), with stage histories, hand-off and first-touch times,
 * exits with reasons; and feedback on the handed-off ones.
 */
export function demoData({ count = 2400, seed = 7, from = '2026-01-01T00:00:00Z', to = '2026-06-30T00:00:00Z', quality = 1 } = {}) {
  const rnd = random(seed);
  const start = Date.parse(from);
  const span = Date.parse(to) - start;
  const leads = [];
  const feedback = [];
  for (let i = 0; i < count; i++) {
    const created = start + Math.floor(rnd() * span);
    const sourceIndex = Math.floor(rnd() * SOURCES.length);
    let s = 0;
    while (s < STAGES.length - 1 && rnd() < CONVERT[s] * (sourceIndex === 4 ? 1.15 : 1) * quality) s++;
    const history = [];
    let at = created;
    for (let k = 0; k <= s; k++) {
      history.push({ stage: STAGES[k], at: iso(at) });
      at += Math.floor((1 + rnd() * 6) * 86_400_000);
    }
    const lead = {
      id: `L${String(i).padStart(5, '0')}`,
      name: `Lead ${i}`,
      company: `Company ${i % 300}`,
      source: SOURCES[sourceIndex],
      campaign: CAMPAIGNS[(sourceIndex + (i % 2)) % CAMPAIGNS.length],
      owner: OWNERS[i % OWNERS.length],
      createdAt: iso(created),
      stage: STAGES[s],
      stageHistory: history,
    };
    if (s >= 1) {
      const handoff = Date.parse(history[1].at);
      lead.handedOffAt = history[1].at;
      const touched = s >= 2 || rnd() < 0.55;
      if (touched) {
        // Log-normal-ish delay: most within minutes, a long tail of hours.
        const delay = Math.floor(Math.exp(rnd() * 6.2) * MIN * 0.4);
        lead.firstTouchAt = iso(handoff + delay);
        const outcome = s >= 2 ? 'accepted' : rnd() < 0.6 ? 'rejected' : 'recycled';
        const reason = outcome === 'rejected' ? pick(rnd, REASONS.disqualified) : outcome === 'recycled' ? pick(rnd, REASONS.recycled) : undefined;
        feedback.push({ id: `F${i}`, leadId: lead.id, outcome, ...(reason ? { reason } : {}), rating: 1 + Math.floor(rnd() * 5), by: lead.owner, at: lead.firstTouchAt });
      }
    }
    if (s < STAGES.length - 1 && rnd() < 0.55) {
      const kind = s === 0 ? 'disqualified' : s === 1 ? (rnd() < 0.5 ? 'recycled' : 'disqualified') : s >= 3 ? 'lost' : pick(rnd, ['disqualified', 'recycled', 'lost']);
      lead.exit = { kind, reason: pick(rnd, REASONS[kind]), at: iso(at) };
    }
    leads.push(lead);
  }
  return { leads, feedback };
}
