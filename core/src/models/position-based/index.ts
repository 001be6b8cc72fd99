import { positionalModel } from '../positional';

/** Position-based (Google Analytics' "position based"): 40% first, 40% last, 20% shared by the touches between. */
export const positionBasedModel = positionalModel('position-based', '40% first touch, 40% last touch, 20% shared by the middle', {
  firstTouch: 0.4,
  lastTouch: 0.4,
  middle: 0.2,
});
