import LeadloopFunnelPlanner from 'c/leadloopFunnelPlanner';
import { describeLeadLoopHost } from '../../../../../../test/lwc-host-suite';

describeLeadLoopHost({ tag: 'c-leadloop-funnel-planner', component: LeadloopFunnelPlanner, element: 'll-funnel-planner', errorEvent: 'llloaderror', appBuilder: { heading: 'x-heading', currency: 'x-currency' } });
