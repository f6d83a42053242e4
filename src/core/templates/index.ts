export * from './catalog.ts';
export * from './expand-journey-template.ts';
export * from './journey-template.ts';
export * from './journey-templates.ts';
export * from './touchpoint-template.ts';
