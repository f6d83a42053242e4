export * from './account.ts';
export * from './common.ts';
export * from './customer.ts';
export * from './event.ts';
export * from './journey.ts';
export * from './persona.ts';
export * from './touchpoint.ts';
export * from './workspace.ts';
