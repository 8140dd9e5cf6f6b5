import LeadloopLeadQualityReport from 'c/leadloopLeadQualityReport';
import { describeLeadLoopHost } from '../../../../../../test/lwc-host-suite';

describeLeadLoopHost({ tag: 'c-leadloop-lead-quality-report', component: LeadloopLeadQualityReport, element: 'll-lead-quality-report', errorEvent: 'llreporterror', appBuilder: { heading: 'x-heading' } });
