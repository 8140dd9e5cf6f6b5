import LeadloopDefinitionEditor from 'c/leadloopDefinitionEditor';
import { describeLeadLoopHost } from '../../../../../../test/lwc-host-suite';

describeLeadLoopHost({ tag: 'c-leadloop-definition-editor', component: LeadloopDefinitionEditor, element: 'll-definition-editor', errorEvent: 'lldefinitionerror', appBuilder: { heading: 'x-heading' }, successEvent: 'lldefinitionsave' });
