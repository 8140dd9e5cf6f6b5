import { api } from 'lwc';
import { ShowToastEvent } from 'lightning/platformShowToastEvent';
import { LeadLoopHost } from 'c/leadloopRuntime';

/**
 * Hosts <ll-definition-editor> (a LeadLoop web component, rendered with lwc:external) and hands it the
 * LeadLoop adapter once the static resource has loaded. Edit the lead definition and sign it off as the sales or marketing leader.
 */
export default class LeadloopDefinitionEditor extends LeadLoopHost {
    /** Heading. */
    @api heading;

    /** lldefinitionsave: the element saved; confirm it the Lightning way. */
    handleSaved() {
        this.dispatchEvent(new ShowToastEvent({ title: 'Definition saved.', variant: 'success' }));
    }

    /** lldefinitionapprove: the element saved; confirm it the Lightning way. */
    handleApproved() {
        this.dispatchEvent(new ShowToastEvent({ title: 'Definition signed off.', variant: 'success' }));
    }
}
