import { optionValues } from '../argvOptions';

describe('optionValues', () => {
  it('reads both option forms in order, and only the option named', () => {
    expect(optionValues(['resolve', '--data', 'a', '--out', 'x.csv', '--data=b'], '--data')).toEqual(['a', 'b']);
    expect(optionValues(['resolve', '--data-dir', 'a', '--database=b'], '--data')).toEqual([]);
    // A trailing option without its value gives none.
    expect(optionValues(['compare', '--data'], '--data')).toEqual([]);
  });
});
