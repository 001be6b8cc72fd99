import { positionalModel } from '../positional';

/** J-shaped: 20% first touch, 60% last touch, 20% shared by the middle. */
export const jShapedModel = positionalModel('j-shaped', '20% first touch, 60% last touch, 20% the middle', {
  firstTouch: 0.2,
  lastTouch: 0.6,
  middle: 0.2,
});
