export * from './fft.js';
export * from './msd-fft.js';
export * from './displacement.js';
export * from './transport.js';
export * from './figure.js';
export * from './glass-transition.js';
