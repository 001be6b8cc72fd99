import { positionalModel } from '../positional';

/** Last touch: all credit to the latest touch at or before the conversion point. */
export const lastTouchModel = positionalModel('last-touch', 'all credit to the last touch', { lastTouch: 1, middle: 0 });
