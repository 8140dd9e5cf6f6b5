import LeadloopLeadFeedback from 'c/leadloopLeadFeedback';
import { describeLeadLoopHost } from '../../../../../../test/lwc-host-suite';

describeLeadLoopHost({ tag: 'c-leadloop-lead-feedback', component: LeadloopLeadFeedback, element: 'll-lead-feedback', errorEvent: 'llfeedbackerror', recordPage: true, successEvent: 'llfeedback' });
