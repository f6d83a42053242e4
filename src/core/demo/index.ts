export { DEMO_LIBRARY, type TDemoPayload } from './demo-payload.ts';
export {
  DEMO_DISCLAIMER,
  type GenerateDemoHistoryOptions,
  generateDemoHistory,
} from './generate-demo-history.ts';
