import LeadloopQualificationChecklist from 'c/leadloopQualificationChecklist';
import { describeLeadLoopHost } from '../../../../../../test/lwc-host-suite';

describeLeadLoopHost({ tag: 'c-leadloop-qualification-checklist', component: LeadloopQualificationChecklist, element: 'll-qualification-checklist', errorEvent: 'llchecklisterror', recordPage: true });
