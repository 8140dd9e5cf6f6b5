import { api } from 'lwc';
import { LeadLoopHost } from 'c/leadloopRuntime';

/**
 * Hosts <ll-funnel-planner> (a LeadLoop web component, rendered with lwc:external) and hands it the
 * LeadLoop adapter once the static resource has loaded. How many leads a revenue goal needs at each stage.
 */
export default class LeadloopFunnelPlanner extends LeadLoopHost {
    /** Heading. */
    @api heading;
    /** Currency (ISO code). */
    @api currency;
    /**
     * The actual pace is the funnel of the leads created in this many months up to today (default
     * 3, 1–36): the planner needs a period to turn the funnel into leads per month.
     */
    @api compareMonths;

    get months() {
        const n = Number(this.compareMonths);
        return Number.isInteger(n) && n >= 1 && n <= 36 ? n : 3;
    }

    /** First day of the comparison period, as the element's `from` (an ISO date). */
    get paceFrom() {
        const start = new Date();
        start.setUTCMonth(start.getUTCMonth() - this.months);
        start.setUTCDate(start.getUTCDate() + 1);
        return start.toISOString().slice(0, 10);
    }

    /** Today, the period's last day (the element counts leads created up to the end of `to`). */
    get paceTo() {
        return new Date().toISOString().slice(0, 10);
    }
}
