import { positionalModel } from '../positional';

/** First touch: all credit to the earliest touch of the journey. */
export const firstTouchModel = positionalModel('first-touch', 'all credit to the first touch', { firstTouch: 1, middle: 0 });
