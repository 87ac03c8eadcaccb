/**
 * The broker's tests use the same harness as packages/akenza's (mosquitto, PyJWT, paho, free ports, line-reading child
 * processes): one copy, there.
 */
export * from '../../../packages/akenza/test/helpers.js';
