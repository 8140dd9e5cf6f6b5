import LeadloopFunnelChart from 'c/leadloopFunnelChart';
import { describeLeadLoopHost } from '../../../../../../test/lwc-host-suite';

describeLeadLoopHost({ tag: 'c-leadloop-funnel-chart', component: LeadloopFunnelChart, element: 'll-funnel-chart', errorEvent: 'llfunnelerror', appBuilder: { heading: 'x-heading', variant: 'x-variant' } });
