export * from './bundle-size.js';
