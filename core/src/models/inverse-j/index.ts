import { positionalModel } from '../positional';

/** Inverse J: 60% first touch, 20% last touch, 20% shared by the middle. */
export const inverseJModel = positionalModel('inverse-j', '60% first touch, 20% last touch, 20% the middle', {
  firstTouch: 0.6,
  lastTouch: 0.2,
  middle: 0.2,
});
