export { extractQuotes } from './extract.ts';
export { buildSpeakerDirectory, speakerDirectorySteps } from './directory.ts';
export { evaluateQuotes } from './eval.ts';
export type { Quote, QuoteKind, Speaker, SpeakerDirectory, SpeakerInfo } from './types.ts';
