export * from './common.js';
export * from './auth.js';
export * from './customers.js';
export * from './transactions.js';
export * from './settlements.js';
export * from './events.js';
export * from './central.js';
export * from './registers.js';
