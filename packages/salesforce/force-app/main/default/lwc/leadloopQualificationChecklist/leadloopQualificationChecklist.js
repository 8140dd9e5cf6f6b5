import { api } from 'lwc';
import { LeadLoopHost } from 'c/leadloopRuntime';

/**
 * Hosts <ll-qualification-checklist> (a LeadLoop web component, rendered with lwc:external) and hands it the
 * LeadLoop adapter once the static resource has loaded. The agreed qualification checklist for the lead's stage.
 */
export default class LeadloopQualificationChecklist extends LeadLoopHost {
    /** The Lead record, on a record page. */
    @api recordId;
    /** A lead id to show on an app page (no record there). */
    @api leadId;

    get effectiveLeadId() {
        return this.recordId || this.leadId;
    }
}
